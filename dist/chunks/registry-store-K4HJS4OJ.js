import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-PGAUSEDN.js";import"./chunk-OQWLRES3.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{cliProvenance,openCliStore};
