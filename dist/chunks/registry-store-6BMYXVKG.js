import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-74GUPUOO.js";import"./chunk-NT2JDWR4.js";import"./chunk-QFEE32MR.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{cliProvenance,openCliStore};
