import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{currentStages,fetchModel,promote,resolveStage,rollback,stageStack}from"./chunk-UHGU2C4K.js";import"./chunk-YLZOJDIA.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";export{currentStages,fetchModel,promote,resolveStage,rollback,stageStack};
