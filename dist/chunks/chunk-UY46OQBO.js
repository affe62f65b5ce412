import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
function formatCount(n){if(!Number.isSafeInteger(n))return String(n);let digits=String(Math.abs(n)),out="";for(let i=0;i<digits.length;i++)i>0&&(digits.length-i)%3===0&&(out+=","),out+=digits[i];return n<0?`-${out}`:out}export{formatCount};
