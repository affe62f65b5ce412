import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-CXAJGW4Y.js";import"./chunk-QBHHL7JK.js";import"./chunk-QFEE32MR.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{cliProvenance,openCliStore};
