import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
async function loadOrtDependency(){let module=await import("onnxruntime-node");return module.default??module}export{loadOrtDependency};
