import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{openCliStore}from"./chunk-PGAUSEDN.js";import{runVersionsJob}from"./chunk-Q27GAOA5.js";import{parseCommandArgs,requireOption}from"./chunk-MUR6IWNI.js";import"./chunk-NSFATJQH.js";import"./chunk-3DAHZEYR.js";import"./chunk-OQWLRES3.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-J756LNXF.js";import"./chunk-N7D4AXIL.js";import"./chunk-FKNMFWRN.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";var versionsHelp=`Usage: mlgate versions --name NAME [options]

List a model's recorded versions, its stages and their history. Writes versions.json:
versions [{version, sha256, created_at, \u2026}], stages {stage: version}, history of assignments.

Options:
  --name NAME             the model's registry name
  --registry DIR|github   the registry (default .mlgate/registry; github inside GitHub Actions)
  --out DIR               folder for versions.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 listed, 2 bad usage, 70 an internal error, 75 GitHub could not be reached.
`;async function versionsCommand(argv,logger,cwd){let{values}=parseCommandArgs("versions",argv,{name:{type:"string"},registry:{type:"string"},out:{type:"string"}});if(values.help)return process.stdout.write(versionsHelp),0;let name=requireOption("versions","name",values.name),store=await openCliStore(values.registry,cwd,logger),{result,resultPath}=await runVersionsJob(store,name,cwd,values.out??"mlgate-out"),byVersion=new Map;for(let[stage,version]of Object.entries(result.stages))byVersion.set(version,[...byVersion.get(version)??[],stage]);logger.info(`mlgate versions: ${name} has ${result.versions.length} version${result.versions.length===1?"":"s"} in ${store.description}`);for(let v of result.versions){let stages=byVersion.get(v.version);logger.info(`  ${v.version.padEnd(12)} ${v.created_at}  ${v.sha256.slice(0,12)}${stages?`  \u2190 ${stages.join(", ")}`:""}`)}return logger.info(`Result: ${resultPath}`),0}export{versionsCommand,versionsHelp};
