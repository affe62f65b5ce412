#!/usr/bin/env node
import { createRequire as __mlgateCreateRequire } from 'node:module'; const require = __mlgateCreateRequire(import.meta.url);
import{ExitCode,getErrorMessage,isConfigurationError,isServiceUnavailableError}from"./chunks/chunk-DU64LHWO.js";import"./chunks/chunk-K4PE3X3R.js";function getConsoleLogger(options={}){return{debug:m=>{options.verbose&&process.stderr.write(`debug: ${m}
`)},info:m=>process.stdout.write(`${m}
`),warning:m=>process.stderr.write(`warning: ${m}
`),error:m=>process.stderr.write(`error: ${m}
`)}}var VERSION="0.1.0";var commands={validate:{load:async()=>{let m=await import("./chunks/validate-SB2YK42Y.js");return{run:m.validateCommand,help:m.validateHelp}},summary:"validate data files against a JSON Schema and dataset checks"},"infer-schema":{load:async()=>{let m=await import("./chunks/infer-schema-IW4IJ5BW.js");return{run:m.inferSchemaCommand,help:m.inferSchemaHelp}},summary:"write a draft schema and checks from reference data"},evaluate:{load:async()=>{let m=await import("./chunks/evaluate-AP3MXOJM.js");return{run:m.evaluateCommand,help:m.evaluateHelp}},summary:"evaluate an ONNX model on labelled data: metrics, thresholds, slices, latency"},merge:{load:async()=>{let m=await import("./chunks/merge-U42OT5IG.js");return{run:m.mergeCommand,help:m.mergeHelp}},summary:"combine the shards of one evaluation into one result"},drift:{load:async()=>{let m=await import("./chunks/drift-Z6VPI6PE.js");return{run:m.driftCommand,help:m.driftHelp}},summary:"compare current data with reference data: per-column drift and data quality"},compare:{load:async()=>{let m=await import("./chunks/compare-JYIK6JDS.js");return{run:m.compareCommand,help:m.compareHelp}},summary:"compare a candidate with its baseline on the same rows: paired statistics and a verdict"},gate:{load:async()=>{let m=await import("./chunks/gate-MUQ27VXO.js");return{run:m.gateCommand,help:m.gateHelp}},summary:"one verdict from validation, evaluation, comparison and drift results"},release:{load:async()=>{let m=await import("./chunks/release-PGMXWKPC.js");return{run:m.releaseCommand,help:m.releaseHelp}},summary:"record a model version in the registry (all or nothing, GTO tags)"},promote:{load:async()=>{let m=await import("./chunks/promote-BF4SPF6G.js");return{run:m.promoteCommand,help:m.promoteHelp}},summary:"assign a stage such as production to a recorded version"},rollback:{load:async()=>{let m=await import("./chunks/rollback-KGO7AHEO.js");return{run:m.rollbackCommand,help:m.rollbackHelp}},summary:"move a stage back to the version it held before"},versions:{load:async()=>{let m=await import("./chunks/versions-SHDOLFDF.js");return{run:m.versionsCommand,help:m.versionsHelp}},summary:"list a model's versions and stages (versions.json)"}},mainHelp=`mlgate ${VERSION}: model CI for GitHub Actions and your laptop

Usage: mlgate <command> [options]

Commands:
${Object.entries(commands).map(([name,c])=>`  ${name.padEnd(14)} ${c.summary}`).join(`
`)}

Run "mlgate <command> --help" for a command's options.
Exit codes: 0 ran and passed, 1 ran and a gate failed, 2 bad usage, configuration or input, 70 an
internal error (please report it), 75 GitHub could not be reached (try again later).
`;async function main(argv,cwd=process.cwd(),context={}){let[name,...rest]=argv;if(name===void 0||name==="--help"||name==="-h"||name==="help"){let topic=name==="help"?rest[0]:void 0;return process.stdout.write(topic&&commands[topic]?(await commands[topic].load()).help:mainHelp),0}if(name==="--version"||name==="-V")return process.stdout.write(`${VERSION}
`),0;let command=commands[name],logger=getConsoleLogger({verbose:process.env.MLGATE_DEBUG==="1"});if(!command)return process.stderr.write(`mlgate: unknown command "${name}". Commands: ${Object.keys(commands).join(", ")}. Run "mlgate --help".
`),ExitCode.BadInput;try{return await(await command.load()).run(rest,logger,cwd,context)}catch(error){return isConfigurationError(error)?(process.stderr.write(`mlgate ${name}: ${getErrorMessage(error)}
`),ExitCode.BadInput):isServiceUnavailableError(error)?(process.stderr.write(`mlgate ${name}: ${getErrorMessage(error)}
`),ExitCode.ServiceUnavailable):(process.stderr.write(`mlgate ${name}: internal error: ${getErrorMessage(error)}
`),error instanceof Error&&error.stack&&process.env.MLGATE_DEBUG==="1"?process.stderr.write(`${error.stack}
`):process.stderr.write(`Set MLGATE_DEBUG=1 for the stack trace, and please report it.
`),ExitCode.InternalError)}}process.exitCode=await main(process.argv.slice(2),process.cwd(),{workerUrl:new URL("./workers/csv-validate.js",import.meta.url),evaluateWorkerUrl:new URL("./workers/evaluate-read.js",import.meta.url),driftWorkerUrl:new URL("./workers/drift-column.js",import.meta.url),driftReaderUrl:new URL("./workers/drift-read.js",import.meta.url)});
