import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{writePredictionsInWorker,writeTask}from"./chunk-7A5DDV66.js";import"./chunk-EEKGFZOO.js";import"./chunk-S2FD2SOX.js";import"./chunk-REM23X7W.js";import"./chunk-2D4BMRKY.js";import"./chunk-F72IODMH.js";export{writePredictionsInWorker,writeTask};
