import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{detectFormat,openDataSource}from"./chunk-GVMHBR5F.js";import"./chunk-D2KVG7AV.js";import"./chunk-D6GTT4ZN.js";import"./chunk-36AJVYEL.js";import"./chunk-F72IODMH.js";export{detectFormat,openDataSource};
