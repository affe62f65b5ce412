import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{renderEvaluationText}from"./chunk-2PS3QVPK.js";import{integerOption,parseCommandArgs}from"./chunk-MUR6IWNI.js";import{runMergeJob}from"./chunk-KAUA3XPP.js";import"./chunk-2XGBGBNR.js";import{loadConfig}from"./chunk-H72JIBSO.js";import"./chunk-E2VMXGSY.js";import"./chunk-TAZUGP3S.js";import{parseSliceOption,parseThresholdLines,splitList}from"./chunk-RFLWPCHQ.js";import{withBootstrapOverrides}from"./chunk-RDCKVEFT.js";import"./chunk-J756LNXF.js";import"./chunk-DFVRD76D.js";import"./chunk-N7D4AXIL.js";import"./chunk-XNARY2N4.js";import"./chunk-6NI47DN7.js";import"./chunk-72J4RRKD.js";import"./chunk-FKNMFWRN.js";import"./chunk-7F75EMTX.js";import"./chunk-PSC7KW7A.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-3UZ2644L.js";import"./chunk-TZPJMZXP.js";import"./chunk-KNTC7WCZ.js";import"./chunk-HTLUEIOH.js";import"./chunk-32WJV5ZL.js";import"./chunk-LDHOCP7X.js";import"./chunk-JDQ7LEBW.js";import"./chunk-ILR4YVGR.js";import"./chunk-LAD3XGL5.js";import"./chunk-SBVY6WJ5.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";import{resolve}from"node:path";var mergeHelp=`Usage: mlgate merge SHARD [SHARD ...] [options]

Combine the shards of one evaluation (mlgate evaluate --shard I/N) into one result, exactly the
metrics of an unsharded run. A SHARD is a predictions.parquet, a folder holding one (e.g. a downloaded
artifact), or a glob. Every shard 1..N must be there once; shards of another model, data or task are
refused. Scoring (thresholds, bootstrap, slices) is the one the shards recorded unless given here.

Options:
  --threshold SPEC        e.g. "accuracy>=0.9"; repeat for several metrics (replaces the recorded thresholds)
  --slice SPEC            COLUMN, COLUMN:qK or COLUMN:E1,E2 (the column must be sliced in the shards)
  --ci METRIC,...         bootstrap 95% CIs for these metrics
  --bootstrap N           bootstrap resamples (default: as recorded, else 1000)
  --seed N                bootstrap seed (default: as recorded, else 0)
  --config FILE           mlgate.yml; its evaluate section's thresholds, bootstrap and slices
  --out DIR               folder for evaluation.json, evaluation.md, predictions.parquet (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed, 1 a threshold failed, 2 bad usage, configuration or input, 70 an internal
error (please report it).
`;async function mergeCommand(argv,logger,cwd,_context){let{values,positionals}=parseCommandArgs("merge",argv,{threshold:{type:"string",multiple:!0},slice:{type:"string",multiple:!0},ci:{type:"string"},bootstrap:{type:"string"},seed:{type:"string"},config:{type:"string"},out:{type:"string"},quiet:{type:"boolean"}},{positionals:!0});if(values.help)return process.stdout.write(mergeHelp),0;let request={inputs:positionals,outDir:values.out??"mlgate-out",cwd};if(values.config){let section=(await loadConfig(resolve(cwd,values.config))).evaluate;section&&(request.thresholds=section.thresholds,request.bootstrap=section.bootstrap,request.slices=section.slices)}values.threshold?.length&&(request.thresholds=parseThresholdLines(values.threshold)),values.slice?.length&&(request.slices=values.slice.map(s=>parseSliceOption(s))),request.bootstrap=withBootstrapOverrides(request.bootstrap,{ciMetrics:values.ci?splitList(values.ci):void 0,bootstrap:integerOption("merge","bootstrap",values.bootstrap,10),seed:integerOption("merge","seed",values.seed,0)});let quiet={...logger,info:()=>{}},{result,resultPath,predictionsPath}=await runMergeJob(request,values.quiet?quiet:logger),text=renderEvaluationText(result,resultPath,predictionsPath);return process.stdout.write(values.quiet?`${text.split(`
`)[0]}
`:text),result.passed?0:1}export{mergeCommand,mergeHelp};
