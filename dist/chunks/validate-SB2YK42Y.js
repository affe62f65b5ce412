import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{enumOption,integerOption,parseCommandArgs}from"./chunk-MUR6IWNI.js";import{runValidateJob,validateRequestFromConfig}from"./chunk-5ET5OZTR.js";import"./chunk-FXDWUGXA.js";import"./chunk-PKZ4REUX.js";import"./chunk-33MYJ3N4.js";import{parallelOptionsFromEnv}from"./chunk-76W7BUGD.js";import{loadConfig}from"./chunk-H72JIBSO.js";import"./chunk-E2VMXGSY.js";import"./chunk-TAZUGP3S.js";import"./chunk-N7D4AXIL.js";import"./chunk-XNARY2N4.js";import"./chunk-7F75EMTX.js";import"./chunk-PSC7KW7A.js";import{formatCount}from"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-3UZ2644L.js";import"./chunk-LDHOCP7X.js";import"./chunk-JDQ7LEBW.js";import"./chunk-ILR4YVGR.js";import"./chunk-LAD3XGL5.js";import"./chunk-SBVY6WJ5.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";import{resolve}from"node:path";var plural=(n,word)=>`${formatCount(n)} ${word}${n===1?"":"s"}`;function renderValidationText(result,resultPath,maxListed=10){let lines=[],verdict=result.passed?"PASSED":"FAILED";lines.push(`Validation ${verdict}: ${plural(result.rows,"row")} in ${plural(result.files.length,"file")}, ${plural(result.error_count,"error")}, ${plural(result.warning_count,"warning")} (fail-on: ${result.fail_on})`);for(let file of result.files)lines.push(`  ${file.path}: ${plural(file.rows,"row")}, ${file.format}${file.compressed?" (gzip)":""}`);if(result.violation_counts.length){lines.push("","Violations by rule and column:");for(let c of result.violation_counts)lines.push(`  ${c.severity.padEnd(7)} ${c.rule.padEnd(18)} ${(c.column??"(row)").padEnd(20)} ${formatCount(c.count)}`)}if(result.violations.length){lines.push("",`First violations (${Math.min(maxListed,result.violations.length)} of ${formatCount(result.total_violations)}):`);for(let v of result.violations.slice(0,maxListed)){let where=v.row!==null?`row ${v.row}${v.line!==null&&v.line!==v.row?` (line ${v.line})`:""}`:"dataset";lines.push(`  ${v.file}: ${where}${v.column?`, ${v.column}`:""}: [${v.rule}] ${v.message}`)}}if(result.checks.length){lines.push("","Checks:");for(let check of result.checks){let mark=check.passed?"ok  ":check.severity==="warning"?"warn":"FAIL";lines.push(`  ${mark} ${check.name}: ${check.message}`)}}return lines.push("",`Result: ${resultPath}`),`${lines.join(`
`)}
`}var validateHelp=`Usage: mlgate validate --data FILE [--data FILE ...] [--schema SCHEMA.json] [--checks CHECKS.yml] [options]
       mlgate validate --config mlgate.yml [options]

Validate CSV, TSV, JSON Lines or Parquet files (each also .gz) against a JSON Schema (draft 2020-12 or
draft-07) and dataset checks. Writes validation.json and validation.md to --out.

Options:
  --data FILE|GLOB        data file or glob; repeat for several
  --schema FILE           JSON Schema every row must satisfy
  --checks FILE           checks file (YAML/JSON with a top-level "checks" list)
  --config FILE           mlgate.yml; its validate section supplies data, schema and checks
  --out DIR               folder for the result files (default ./mlgate-out)
  --max-violations N      violations listed per rule and column (default 20); totals are exact
  --fail-on LEVEL         error (default) | warning | never
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed, 1 validation failed, 2 bad usage, configuration or input, 70 an internal
error (please report it).
`;async function validateCommand(argv,logger,cwd,context){let{values}=parseCommandArgs("validate",argv,{data:{type:"string",multiple:!0},schema:{type:"string"},checks:{type:"string"},config:{type:"string"},out:{type:"string"},"max-violations":{type:"string"},"fail-on":{type:"string"},quiet:{type:"boolean"}});if(values.help)return process.stdout.write(validateHelp),0;let maxViolations=integerOption("validate","max-violations",values["max-violations"]),failOn=enumOption("validate","fail-on",values["fail-on"],["error","warning","never"]),outDir=values.out??"mlgate-out",request;values.config?(request=validateRequestFromConfig(await loadConfig(resolve(cwd,values.config)),{cwd,outDir,maxViolations,failOn}),values.data?.length&&(request.data=values.data),values.schema&&(request.schemaPath=values.schema),values.checks&&(request.checksPath=values.checks)):request={data:values.data??[],schemaPath:values.schema,checksPath:values.checks,maxViolations,failOn,outDir,cwd},request.parallel=context.workerUrl?parallelOptionsFromEnv(context.workerUrl,process.env):void 0;let quietLogger={...logger,info:()=>{}},{result,resultPath}=await runValidateJob(request,values.quiet?quietLogger:logger),text=renderValidationText(result,resultPath);return process.stdout.write(values.quiet?`${text.split(`
`)[0]}
`:text),result.passed?0:1}export{validateCommand,validateHelp};
