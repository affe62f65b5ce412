import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{openParquet}from"./chunk-MLBPQ4JG.js";import"./chunk-DFVRD76D.js";import"./chunk-B2T6GSDB.js";import"./chunk-KGVPMS5Z.js";import"./chunk-2C6HGIEM.js";import"./chunk-2D4BMRKY.js";import"./chunk-F72IODMH.js";export{openParquet};
