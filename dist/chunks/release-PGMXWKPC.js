import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{cliProvenance,openCliStore}from"./chunk-PGAUSEDN.js";import{mergeCardSections,readCardSections}from"./chunk-F2YYKZC7.js";import{runReleaseJob}from"./chunk-Q27GAOA5.js";import{enumOption,parseCommandArgs,requireOption}from"./chunk-MUR6IWNI.js";import"./chunk-NSFATJQH.js";import"./chunk-3DAHZEYR.js";import"./chunk-OQWLRES3.js";import"./chunk-CKXINNUQ.js";import"./chunk-YLZOJDIA.js";import"./chunk-J756LNXF.js";import"./chunk-N7D4AXIL.js";import"./chunk-FKNMFWRN.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import{ConfigurationError}from"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";import{mkdtemp,rm}from"node:fs/promises";import{tmpdir}from"node:os";import{join,resolve}from"node:path";var releaseHelp=`Usage: mlgate release --model M.onnx --name NAME [--bump auto|major|minor|patch | --version X.Y.Z] [options]

Record a model version in the registry: model.onnx, manifest.json (digests, signature, metrics, verdict,
data and config digests, commit, run), model-card.md and the evaluation/comparison results. The version
is staged, every file verified by size and sha256, then published: all or nothing. A model already
recorded (same sha256) is not recorded again; a version that exists with another model is refused.
Tags follow DVC's GTO: <name>@v<version>.

Options:
  --model M.onnx          the ONNX model to record
  --name NAME             the model's registry name: lowercase letters, digits, '-' and '/'
  --bump KIND             auto (default): major when the model's inputs or outputs changed in a way that
                          breaks callers of the latest version, else minor; or major | minor | patch.
                          The first version is 0.1.0 (auto, minor), 1.0.0 (major) or 0.0.1 (patch).
  --version X.Y.Z         an explicit semantic version instead of a bump
  --evaluation FILE       evaluation.json of this model (mlgate evaluate): metrics and verdict
  --comparison FILE       comparison.json of this model against its baseline
  --data FILE             a data file the evaluation used (its sha256 is recorded); repeat for several
  --reference-data FILE   the version's reference (training) data, by path and sha256: what
                          mlgate drift --reference-from compares current data with; repeat for several
  --config FILE           the mlgate.yml used (its sha256 is recorded)
  --card FILE             Markdown for the model card: "## Intended use", "## Limitations", \u2026 sections
  --intended-use TEXT     the card's intended use (added to --card's)
  --limitations TEXT      the card's limitations
  --registry DIR|github   the registry: a folder (default .mlgate/registry) or, inside GitHub Actions,
                          github (Releases of GITHUB_REPOSITORY with GITHUB_TOKEN)
  --out DIR               folder for release.json (default ./mlgate-out)
  -h, --help              show this help

Exit codes: 0 recorded (or already recorded), 2 bad usage or input (a version that exists with another
model too), 70 an internal error, 75 GitHub could not be reached (rerun to resume).
`;async function releaseCommand(argv,logger,cwd){let{values}=parseCommandArgs("release",argv,{model:{type:"string"},name:{type:"string"},bump:{type:"string"},version:{type:"string"},evaluation:{type:"string"},comparison:{type:"string"},data:{type:"string",multiple:!0},"reference-data":{type:"string",multiple:!0},config:{type:"string"},card:{type:"string"},"intended-use":{type:"string"},limitations:{type:"string"},registry:{type:"string"},out:{type:"string"}});if(values.help)return process.stdout.write(releaseHelp),0;let model=requireOption("release","model",values.model),name=requireOption("release","name",values.name);if(values.bump!==void 0&&values.version!==void 0)throw new ConfigurationError('--bump and --version exclude each other: give one. Run "mlgate release --help".');let bump=enumOption("release","bump",values.bump,["auto","major","minor","patch"]),at=p=>p===void 0?void 0:resolve(cwd,p),cardSections=mergeCardSections(values.card?await readCardSections(at(values.card)):[],{intendedUse:values["intended-use"],limitations:values.limitations}),store=await openCliStore(values.registry,cwd,logger),provenance=await cliProvenance(cwd),workDir=await mkdtemp(join(process.env.RUNNER_TEMP||tmpdir(),"mlgate-release-"));try{let{result,resultPath}=await runReleaseJob(store,{name,modelPath:at(model),bump,version:values.version,evaluationPath:at(values.evaluation),comparisonPath:at(values.comparison),dataPaths:values.data?.map(p=>at(p)),referenceDataPaths:values["reference-data"]?.map(p=>at(p)),configPath:at(values.config),cardSections},{cwd,workDir,...provenance,now:()=>new Date},values.out??"mlgate-out",logger),what=result.outcome==="unchanged"?"already recorded":result.outcome==="resumed"?"recorded (an earlier attempt completed)":"recorded";logger.info(`mlgate release: ${result.tag} ${what} in ${store.description}`+(result.outcome!=="unchanged"?` (${result.bump.kind==="explicit"?"explicit version":`${result.bump.kind} bump`}${result.previous_version?` from ${result.previous_version}`:""})`:""));for(let change of result.bump.breaking_changes)logger.info(`  breaking: ${change}`);return logger.info(`Result: ${resultPath}`),0}finally{await rm(workDir,{recursive:!0,force:!0})}}export{releaseCommand,releaseHelp};
