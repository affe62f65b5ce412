import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-PGAUSEDN.js";import{runStageJob}from"./chunk-Q27GAOA5.js";import{parseCommandArgs,requireOption}from"./chunk-MUR6IWNI.js";import"./chunk-NSFATJQH.js";import"./chunk-3DAHZEYR.js";import"./chunk-OQWLRES3.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-J756LNXF.js";import"./chunk-N7D4AXIL.js";import"./chunk-FKNMFWRN.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";var promoteHelp=`Usage: mlgate promote --name NAME --version X.Y.Z --stage STAGE [options]

Assign a stage (production, staging, \u2026) to a recorded version: a new assignment <name>#<stage>#<n> as
DVC's GTO writes it. Promoting the version a stage already holds does nothing. Writes stage.json.

Options:
  --name NAME             the model's registry name
  --version X.Y.Z         the recorded version to promote
  --stage STAGE           the stage: lowercase letters, digits, '-' and '/'
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for stage.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 assigned (or already so), 2 bad usage or input (an unknown version), 70 an internal error,
75 GitHub could not be reached.
`;async function promoteCommand(argv,logger,cwd){let{values}=parseCommandArgs("promote",argv,{name:{type:"string"},version:{type:"string"},stage:{type:"string"},registry:{type:"string"},out:{type:"string"}});if(values.help)return process.stdout.write(promoteHelp),0;let name=requireOption("promote","name",values.name),version=requireOption("promote","version",values.version),stage=requireOption("promote","stage",values.stage),store=await openCliStore(values.registry,cwd,logger),{by,run}=await cliProvenance(cwd),{result,resultPath}=await runStageJob(store,"promote",{name,version,stage,by,run},cwd,values.out??"mlgate-out",logger);return logger.info(result.outcome==="unchanged"?`mlgate promote: ${name} ${stage} is already ${result.version}`:`mlgate promote: ${name} ${stage} \u2192 ${result.version}${result.from?` (was ${result.from})`:""}: ${result.tag}`),logger.info(`Result: ${resultPath}`),0}export{promoteCommand,promoteHelp};
