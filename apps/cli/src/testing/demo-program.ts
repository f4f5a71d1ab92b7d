import { Argument, Command, Option } from 'commander';

/** A small program shaped like mbd's: nested commands, options with and without values, choices. */
export function demoProgram(): Command {
  const program = new Command('demo');
  program.command('port <source> <from-distribution> <to-distributions...>').description('port a source').option('--version <version>', 'the version');
  program.command('port-ext <dsc>').description('port an external .dsc').option('-u, --allow-unauthenticated', 'skip the signature check');
  program.command('install <changes>').description('install a binary .changes');
  program.command('status').description('daemon status').option('--json', 'print JSON');
  const chroot = program.command('chroot').description('build chroots');
  chroot.command('create <codename> <architecture>').description('create a chroot').option('--out <dir>', 'where');
  chroot.command('list').alias('ls').description('list chroots');
  program
    .command('events')
    .addOption(new Option('--order <order>', 'sort order').choices(['asc', 'desc']))
    .option('--repository <id>', 'only this repository')
    .addArgument(new Argument('[kind]').choices(['upload', 'build']));
  program.command('secret', { hidden: true });
  return program;
}
