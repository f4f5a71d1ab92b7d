/**
 * A private, unprivileged apt (its own sources, lists and cache; the machine's apt settings are not
 * read) pointed at the daemon's HTTP repository, for checking what a real apt client sees.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export class PrivateApt {
  readonly dir = mkdtempSync(join(tmpdir(), 'mbd-apt-'));
  private readonly config = join(this.dir, 'apt.conf');

  /** An apt that trusts `repository`'s archive key (as the daemon serves it) and reads `suites` of it from the daemon. */
  static async forRepository(url: string, repository: string, suites: readonly string[]): Promise<PrivateApt> {
    const response = await fetch(`${url}/repositories/${repository}/archive-keyring.gpg`);
    if (!response.ok) throw new Error(`GET ${url}/repositories/${repository}/archive-keyring.gpg: ${response.status}`);
    const apt = new PrivateApt(new Uint8Array(await response.arrayBuffer()));
    apt.setSources(`${url}/repositories/${repository}/`, suites);
    return apt;
  }

  constructor(keyring: Uint8Array) {
    for (const sub of ['sources.list.d', 'preferences.d', 'lists/partial', 'cache/archives/partial', 'etc']) mkdirSync(join(this.dir, sub), { recursive: true });
    writeFileSync(join(this.dir, 'archive-keyring.gpg'), keyring);
    writeFileSync(join(this.dir, 'status'), '');
    writeFileSync(
      this.config,
      [
        'Dir::Etc::SourceList "/dev/null";',
        `Dir::Etc::SourceParts "${this.dir}/sources.list.d";`,
        `Dir::Etc::Preferences "/dev/null";`,
        `Dir::Etc::PreferencesParts "${this.dir}/preferences.d";`,
        `Dir::State::Lists "${this.dir}/lists";`,
        `Dir::State::status "${this.dir}/status";`,
        `Dir::Cache "${this.dir}/cache";`,
        `Dir::Cache::archives "${this.dir}/cache/archives";`,
        'APT::Architecture "amd64";',
        'Acquire::Languages "none";',
        'Debug::NoLocking "true";',
        'APT::Sandbox::User "root";',
      ].join('\n') + '\n',
    );
  }

  /** Points apt at `url` (…/repositories/<id>/) for `suites` (full distribution names), Signed-By our key. */
  setSources(url: string, suites: readonly string[]): void {
    writeFileSync(
      join(this.dir, 'sources.list.d', 'mbd.sources'),
      `Types: deb deb-src\nURIs: ${url}\nSuites: ${suites.join(' ')}\nComponents: main\nSigned-By: ${join(this.dir, 'archive-keyring.gpg')}\n`,
    );
  }

  async apt(command: 'apt-get' | 'apt-cache', ...args: string[]): Promise<{ stdout: string; stderr: string }> {
    return run(command, args, { env: { ...process.env, APT_CONFIG: this.config, LC_ALL: 'C' }, maxBuffer: 16 * 1024 * 1024 });
  }

  /** apt-get update; throws with apt's output when it fails or warns about signatures. */
  async update(): Promise<string> {
    const { stdout, stderr } = await this.apt('apt-get', 'update');
    const output = stdout + stderr;
    if (/^(W|E):/m.test(output)) throw new Error(`apt-get update complained:\n${output}`);
    return output;
  }

  /** Version of `pkg` apt sees in each distribution: { 'bookworm-test-unstable': '1.0~test12+1', … }. */
  async versions(pkg: string): Promise<Record<string, string>> {
    const { stdout } = await this.apt('apt-cache', 'madison', pkg);
    const versions: Record<string, string> = {};
    for (const line of stdout.split('\n')) {
      const [name, version, origin] = line.split('|').map((part) => part.trim());
      if (name !== pkg || !version || !origin || !origin.includes('Packages')) continue;
      const suite = /\s(\S+)\/main\s/.exec(` ${origin} `)?.[1];
      if (suite) versions[suite] = version;
    }
    return versions;
  }
}
