import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{removeStaleGate,runGateJob}from"./chunk-SWKVGWUK.js";import"./chunk-NXN7TG5U.js";import"./chunk-7HREZHWH.js";import{mergePolicyInputs,policyFromConfigSection}from"./chunk-HSLAMZA5.js";import{parseCommandArgs}from"./chunk-MUR6IWNI.js";import"./chunk-V4TAY2WX.js";import"./chunk-JH7SCQDM.js";import"./chunk-PSC7KW7A.js";import"./chunk-UY46OQBO.js";import"./chunk-BTCDLUFR.js";import"./chunk-3UZ2644L.js";import"./chunk-SBVY6WJ5.js";import{ConfigurationError}from"./chunk-DU64LHWO.js";import"./chunk-K4PE3X3R.js";import{userInfo}from"node:os";import{resolve}from"node:path";var gateHelp=`Usage: mlgate gate [--validation F] [--evaluation F] [--comparison F] [--drift F] [options]

One verdict (pass, fail or inconclusive) from the result files of earlier mlgate steps under a policy:
a failed validation or a missed evaluation threshold fails the gate, the comparison's verdict carries
over, dataset drift warns. Writes verdict.json and verdict.md to --out. Give at least one file.

Options:
  --validation FILE       validation.json (mlgate validate)
  --evaluation FILE       evaluation.json (mlgate evaluate or mlgate merge)
  --comparison FILE       comparison.json (mlgate compare)
  --drift FILE            drift.json (mlgate drift)
  --name NAME             the model's name (default: the evaluated or compared model's file name)
  --require A,B           sources that must be given: validation, evaluation, comparison, drift
                          (default: whichever are given); a missing one fails the gate
  --inconclusive P        an inconclusive comparison: neutral (default: not passed, exit 1, the
                          check run would be neutral) | fail | pass
  --drift-policy P        dataset drift: warn (default) | fail | ignore
  --evaluation-policy P   missed evaluation thresholds: fail (default) | warn | ignore
  --validation-policy P   failed validation: fail (default) | warn | ignore
  --override              let a gate that did not pass through; needs --override-reason; recorded
                          in verdict.json with who ($GITHUB_ACTOR, else your user name)
  --override-reason TEXT  why
  --config FILE           mlgate.yml: its gate section, once the schema has one (flags override it)
  --out DIR               folder for verdict.json and verdict.md (default ./mlgate-out)
  --quiet                 print only the verdict line
  -h, --help              show this help

Exit codes: 0 passed (or overridden), 1 the gate failed or is inconclusive and not passed, 2 bad usage
or a result file that is missing or not what mlgate writes, 70 an internal error (please report it).
`;function whoRuns(){if(process.env.GITHUB_ACTOR)return process.env.GITHUB_ACTOR;try{return userInfo().username||null}catch{return null}}async function gateCommand(argv,logger,cwd){let{values}=parseCommandArgs("gate",argv,{validation:{type:"string"},evaluation:{type:"string"},comparison:{type:"string"},drift:{type:"string"},name:{type:"string"},require:{type:"string"},inconclusive:{type:"string"},"drift-policy":{type:"string"},"evaluation-policy":{type:"string"},"validation-policy":{type:"string"},override:{type:"boolean"},"override-reason":{type:"string"},config:{type:"string"},out:{type:"string"},quiet:{type:"boolean"}});if(values.help)return process.stdout.write(gateHelp),0;let outDir=values.out??"mlgate-out";await removeStaleGate(cwd,outDir);let reason=values["override-reason"]?.trim();if(values.override&&!reason)throw new ConfigurationError("--override needs --override-reason: say why the gate may be let through.");if(reason&&!values.override)throw new ConfigurationError('--override-reason is for --override. Run "mlgate gate --help".');let configPolicy={},configName;if(values.config){let loaded=await(await import("./load-config-PVXYUATE.js")).loadConfig(resolve(cwd,values.config)),{name:sectionName,...policyKeys}=loaded.gate??{};configPolicy=loaded.gate?policyFromConfigSection(policyKeys,values.config):{},configName=sectionName}let flags={...values.require!==void 0?{require:values.require}:{},inconclusive:values.inconclusive,drift:values["drift-policy"],evaluation:values["evaluation-policy"],validation:values["validation-policy"]},given=Object.values(flags).some(v=>v!==void 0),{verdict,resultPath}=await runGateJob({cwd,outDir,paths:{validation:values.validation,evaluation:values.evaluation,comparison:values.comparison,drift:values.drift},policy:mergePolicyInputs(configPolicy,flags),policySource:given?"inputs":Object.keys(configPolicy).length>0?"config":"default",policyNames:{require:"--require",inconclusive:"--inconclusive",drift:"--drift-policy",evaluation:"--evaluation-policy",validation:"--validation-policy"},name:values.name??configName,override:values.override?{via:"input",by:whoRuns(),reason}:void 0},values.quiet?{...logger,info:()=>{}}:logger),overridden=verdict.override?.applied?", overridden":"",lines=[`mlgate gate: ${verdict.verdict.toUpperCase()}${overridden} for ${verdict.name} (passed: ${verdict.passed}, check run: ${verdict.conclusion})`];if(!values.quiet){for(let r of verdict.reasons)lines.push(`  ${r.status.padEnd(12)} ${r.source}: ${r.message}`);lines.push(`Result: ${resultPath}`)}return process.stdout.write(`${lines.join(`
`)}
`),verdict.passed?0:1}export{gateCommand,gateHelp};
