import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{loadOrtDependency}from"./chunk-2IECMOC6.js";import{renderEvaluationText}from"./chunk-2PS3QVPK.js";import{enumOption,integerOption,parseCommandArgs}from"./chunk-MUR6IWNI.js";import{parallelOptionsFromEnv}from"./chunk-76W7BUGD.js";import{parseShard,parseSliceOption,parseThresholdLines,splitList}from"./chunk-RFLWPCHQ.js";import{evaluateRequestFrom,removeStaleEvaluation,runEvaluateJob}from"./chunk-RDCKVEFT.js";import"./chunk-J756LNXF.js";import"./chunk-DFVRD76D.js";import"./chunk-N7D4AXIL.js";import"./chunk-6NI47DN7.js";import{parseExecutionProvider,parseFallback}from"./chunk-72J4RRKD.js";import"./chunk-FKNMFWRN.js";import"./chunk-7F75EMTX.js";import"./chunk-PSC7KW7A.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-3UZ2644L.js";import"./chunk-TZPJMZXP.js";import"./chunk-KNTC7WCZ.js";import"./chunk-HTLUEIOH.js";import"./chunk-32WJV5ZL.js";import"./chunk-LDHOCP7X.js";import"./chunk-JDQ7LEBW.js";import"./chunk-ILR4YVGR.js";import"./chunk-LAD3XGL5.js";import"./chunk-SBVY6WJ5.js";import"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";import{resolve}from"node:path";var evaluateHelp=`Usage: mlgate evaluate --model M.onnx --data FILE --task binary|multiclass|regression --label COLUMN [options]
       mlgate evaluate --config mlgate.yml [options]

Run an ONNX model on labelled data (CSV, TSV, JSON Lines or Parquet, each also .gz) and compute metrics
equal to scikit-learn's, thresholds, slices, bootstrap CIs and latency. Writes evaluation.json,
evaluation.md and predictions.parquet to --out.

Data and model:
  --model FILE            ONNX model
  --data FILE             labelled data
  --task TASK             binary | multiclass | regression
  --label COLUMN          the label column
  --classes A,B,...       label values in the order of the model's probability columns
                          (default: integer labels are class indices)
  --positive-class C      binary: the positive class (default: the larger label, class 1)
  --features A,B,...      feature columns in the model's order (default: every column but the label)
  --exclude A,B,...       columns that are not features (ids, timestamps)
  --input-mode MODE       auto (default) | tensor (one [N, F] input) | per-column (one input per column)
  --probabilities NAME    model output holding the probabilities (default: detected)
  --label-output NAME     model output holding the predicted label (default: detected)
  --output NAME           regression: the model output holding the prediction (default: detected)
  --transform T           none (default) | softmax | sigmoid, for models that output logits
  --non-finite POLICY     error (default) | drop: NaN or infinite outputs stop the run, or are dropped and counted

Judging:
  --threshold SPEC        e.g. "accuracy>=0.9", "log_loss<=0.3", "roc_auc>=0.95@ci-lower",
                          "top_k_accuracy@3>=0.99", "latency_p95_ms<=20"; repeat for several
                          metrics (one threshold per metric; it replaces the config's)
  --ci METRIC,...         give bootstrap 95% CIs for these metrics
  --bootstrap N           bootstrap resamples (default 1000)
  --seed N                bootstrap seed (default 0)
  --slice SPEC            metrics per slice: COLUMN, COLUMN:q4 (quartiles) or COLUMN:10,20,30 (bin edges)
  --min-slice-size N      slices with fewer rows are listed but not judged (default 30)

Running:
  --batch-size N          rows per model run (default 8192)
  --threads N             ONNX Runtime intra-op threads (default: the physical cores)
  --execution-provider P  cpu (default) | cuda | tensorrt | auto
  --fallback F            none (default) | cpu: run on the CPU when the GPU provider cannot start
  --shard I/N             evaluate only shard I of N (batch k, from 0, of --batch-size rows
                          goes to shard (k mod N) + 1); combine with mlgate merge
  --no-latency            skip the latency measurement
  --no-predictions        do not write predictions.parquet
  --config FILE           mlgate.yml; its evaluate section supplies the options (flags override it)
  --out DIR               folder for the result files (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed, 1 a threshold failed, 2 bad usage, configuration or input, 70 an internal
error (please report it).
`;async function evaluateCommand(argv,logger,cwd,context){let{values}=parseCommandArgs("evaluate",argv,{model:{type:"string"},data:{type:"string"},task:{type:"string"},label:{type:"string"},classes:{type:"string"},"positive-class":{type:"string"},features:{type:"string"},exclude:{type:"string"},"input-mode":{type:"string"},probabilities:{type:"string"},"label-output":{type:"string"},output:{type:"string"},transform:{type:"string"},"non-finite":{type:"string"},threshold:{type:"string",multiple:!0},ci:{type:"string"},bootstrap:{type:"string"},seed:{type:"string"},slice:{type:"string",multiple:!0},"min-slice-size":{type:"string"},"batch-size":{type:"string"},threads:{type:"string"},"execution-provider":{type:"string"},fallback:{type:"string"},shard:{type:"string"},"no-latency":{type:"boolean"},"no-predictions":{type:"boolean"},config:{type:"string"},out:{type:"string"},quiet:{type:"boolean"}});if(values.help)return process.stdout.write(evaluateHelp),0;let outDir=values.out??"mlgate-out";await removeStaleEvaluation(cwd,outDir);let thresholds=values.threshold?.length?parseThresholdLines(values.threshold):void 0,overrides={model:values.model,data:values.data,task:enumOption("evaluate","task",values.task,["binary","multiclass","regression"]),label:values.label,classes:values.classes?splitList(values.classes):void 0,positiveClass:values["positive-class"],features:values.features?splitList(values.features):void 0,exclude:values.exclude?splitList(values.exclude):void 0,inputMode:enumOption("evaluate","input-mode",values["input-mode"],["auto","tensor","per-column"]),probabilities:values.probabilities,labelOutput:values["label-output"],output:values.output,transform:enumOption("evaluate","transform",values.transform,["none","softmax","sigmoid"]),nonFinite:enumOption("evaluate","non-finite",values["non-finite"],["error","drop"]),thresholds,ciMetrics:values.ci?splitList(values.ci):void 0,bootstrap:integerOption("evaluate","bootstrap",values.bootstrap,10),seed:integerOption("evaluate","seed",values.seed,0),slices:values.slice?.map(s=>parseSliceOption(s)),minSliceSize:integerOption("evaluate","min-slice-size",values["min-slice-size"],1),batchSize:integerOption("evaluate","batch-size",values["batch-size"],1),threads:integerOption("evaluate","threads",values.threads,1),executionProvider:values["execution-provider"]?parseExecutionProvider(values["execution-provider"],"--execution-provider"):void 0,fallback:values.fallback?parseFallback(values.fallback,"--fallback"):void 0,shard:values.shard?parseShard(values.shard):void 0,latency:values["no-latency"]?!1:void 0,predictions:values["no-predictions"]?!1:void 0},config=values.config?await(await import("./load-config-PVXYUATE.js")).loadConfig(resolve(cwd,values.config)):void 0,request=evaluateRequestFrom(overrides,config,{cwd,outDir,names:{model:"--model",data:"--data",task:"--task",label:"--label"}});request.parallel=context.evaluateWorkerUrl?parallelOptionsFromEnv(context.evaluateWorkerUrl,process.env):void 0;let quietLogger={...logger,info:()=>{}},ort=await loadOrtDependency(),{result,resultPath,predictionsPath}=await runEvaluateJob(request,{ort,logger:values.quiet?quietLogger:logger}),text=renderEvaluationText(result,resultPath,predictionsPath);return process.stdout.write(values.quiet?`${text.split(`
`)[0]}
`:text),result.passed?0:1}export{evaluateCommand,evaluateHelp};
