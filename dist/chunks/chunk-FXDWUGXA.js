import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
async function defaultOpen(){let{openDataSource}=await import("./open-R3PDHKIP.js");return openDataSource}export{defaultOpen};
