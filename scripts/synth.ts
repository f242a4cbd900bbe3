/**
 * `npm run synth [-- -c stage=prod ...]`: `cdk synth` without its noise, ending on one line that says what came
 * out: the stage, where the template went, how many functions it holds, and cdk-nag's verdict. The bundling
 * blocks of every function and the CLI's notices are shown only when the synth fails, with everything else.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const projectRoot = resolve(__dirname, '..');
const outputDirectory = join(projectRoot, 'cdk.out');
const stackPrefix = 'ConcertReservation-';

interface Manifest {
  readonly artifacts?: Record<string, { readonly type: string; readonly properties?: { readonly templateFile?: string } }>;
}

interface Template {
  readonly Resources?: Record<string, { readonly Type: string; readonly Metadata?: { readonly cdk_nag?: { readonly rules_to_suppress?: unknown[] } } }>;
}

/** What the cloud assembly holds, for the summary line. */
export const summarizeAssembly = (directory: string, nagWarnings = 0): string => {
  const manifest = JSON.parse(readFileSync(join(directory, 'manifest.json'), 'utf8')) as Manifest;
  const stacks = Object.entries(manifest.artifacts ?? {}).filter(([name, artifact]) => artifact.type === 'aws:cloudformation:stack' && name.startsWith(stackPrefix));
  return stacks
    .map(([name, artifact]) => {
      const templatePath = join(directory, artifact.properties?.templateFile ?? `${name}.template.json`);
      const resources = Object.values((JSON.parse(readFileSync(templatePath, 'utf8')) as Template).Resources ?? {});
      const functions = resources.filter((resource) => resource.Type === 'AWS::Lambda::Function').length;
      const suppressions = resources.reduce((count, resource) => count + (resource.Metadata?.cdk_nag?.rules_to_suppress?.length ?? 0), 0);
      return `synth ok: stage ${name.slice(stackPrefix.length)}, template ${relative(process.cwd(), templatePath)}, ${functions} functions, cdk-nag AwsSolutions passed (no unsuppressed finding, ${suppressions} suppressions with reasons${nagWarnings ? `, ${nagWarnings} warnings above` : ''})`;
    })
    .join('\n');
};

const main = async (): Promise<void> => {
  const args = ['cdk', 'synth', '--no-notices', '--quiet', ...process.argv.slice(2)];
  const child = spawn('npx', args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exitCode = await new Promise<number>((resolveExit) => child.once('close', (code) => resolveExit(code ?? 1)));
  if (exitCode !== 0) {
    // cdk-nag reports through error annotations, which make the CLI fail: show everything it said.
    process.stderr.write(output);
    process.stderr.write(`synth FAILED (exit code ${exitCode}): an unsuppressed cdk-nag finding shows above as [Error at /ConcertReservation-…] AwsSolutions-…\n`);
    process.exitCode = exitCode;
    return;
  }
  const warnings = output.split('\n').filter((line) => /^\[Warning at /.test(line));
  for (const warning of warnings) process.stderr.write(`${warning}\n`);
  console.log(summarizeAssembly(outputDirectory, warnings.filter((line) => line.includes('AwsSolutions-')).length));
};

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error('synth: could not run cdk synth:', error);
    process.exitCode = 1;
  });
}
