import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{openParquet}from"./chunk-2XGBGBNR.js";import"./chunk-DFVRD76D.js";import"./chunk-32WJV5ZL.js";import"./chunk-ILR4YVGR.js";import"./chunk-LAD3XGL5.js";import"./chunk-SBVY6WJ5.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{openParquet};
