import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
function row(cells){return`| ${cells.map(escapeCell).join(" | ")} |`}function escapeCell(text){return text.replace(/\\/g,"\\\\").replace(/\|/g,"\\|").replace(/\r?\n|\r/g,"<br>")}export{row,escapeCell};
