import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{openParquet}from"./chunk-HISTGN6A.js";import"./chunk-D6GTT4ZN.js";import"./chunk-36AJVYEL.js";import"./chunk-F72IODMH.js";export{openParquet};
