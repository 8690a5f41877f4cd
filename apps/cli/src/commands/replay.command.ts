import type { Command } from 'commander';

export function registerReplayCommand(program: Command): void {
  program.command('replay').description('replay a file of posts into posts.raw (not yet wired)');
}
