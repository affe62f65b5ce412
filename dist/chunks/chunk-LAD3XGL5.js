import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
var CellState={Present:0,Absent:1,Null:2,NaN:3,Invalid:4};export{CellState};
