import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{openParquet}from"./chunk-AL4JHAAI.js";import"./chunk-DFVRD76D.js";import"./chunk-7AMMXSRX.js";import"./chunk-ILR4YVGR.js";import"./chunk-LWECKUXE.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{openParquet};
