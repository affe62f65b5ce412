import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-PGAUSEDN.js";import{runStageJob}from"./chunk-Q27GAOA5.js";import{parseCommandArgs,requireOption}from"./chunk-MUR6IWNI.js";import"./chunk-NSFATJQH.js";import"./chunk-3DAHZEYR.js";import"./chunk-OQWLRES3.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-J756LNXF.js";import"./chunk-N7D4AXIL.js";import"./chunk-FKNMFWRN.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";var rollbackHelp=`Usage: mlgate rollback --name NAME --stage STAGE [options]

Move a stage back to the version it held before the current one. A stage's history is a stack: after
promoting v1, v2 and v3, two rollbacks give v2 and then v1. Recorded as a new assignment
<name>#<stage>#<n>; nothing is deleted. Writes stage.json.

Options:
  --name NAME             the model's registry name
  --stage STAGE           the stage to roll back
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for stage.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 rolled back, 2 bad usage or input (no such stage, nothing to roll back to), 70 an internal
error, 75 GitHub could not be reached.
`;async function rollbackCommand(argv,logger,cwd){let{values}=parseCommandArgs("rollback",argv,{name:{type:"string"},stage:{type:"string"},registry:{type:"string"},out:{type:"string"}});if(values.help)return process.stdout.write(rollbackHelp),0;let name=requireOption("rollback","name",values.name),stage=requireOption("rollback","stage",values.stage),store=await openCliStore(values.registry,cwd,logger),{by,run}=await cliProvenance(cwd),{result,resultPath}=await runStageJob(store,"rollback",{name,stage,by,run},cwd,values.out??"mlgate-out",logger);return logger.info(result.outcome==="unchanged"?`mlgate rollback: ${name} ${stage} was rolled back by this run already: ${result.version}`:`mlgate rollback: ${name} ${stage} \u2192 ${result.version} (was ${result.from}): ${result.tag}`),logger.info(`Result: ${resultPath}`),0}export{rollbackCommand,rollbackHelp};
