import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-IVZ5CMZN.js";import"./chunk-LZ7HD4BO.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{cliProvenance,openCliStore};
