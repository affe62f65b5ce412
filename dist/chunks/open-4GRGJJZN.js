import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{detectFormat,openDataSource}from"./chunk-NBZEZMZO.js";import"./chunk-5EAPHAZE.js";import"./chunk-S2FD2SOX.js";import"./chunk-REM23X7W.js";import"./chunk-2D4BMRKY.js";import"./chunk-F72IODMH.js";export{detectFormat,openDataSource};
