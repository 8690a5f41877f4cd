import { Command } from 'commander';
import { ConfigError } from '@riptide/observability';
import { CliError } from './cli-error';
import { registerApiKeyCommands } from './commands/apikey.command';
import { registerBenchCommand } from './commands/bench.command';
import { registerEvalCommand } from './commands/eval.command';
import { registerImageCommands } from './commands/image.command';
import { registerConnectCommand } from './commands/connect.command';
import { registerCoordinationCommand } from './commands/coordination.command';
import { registerConsoleCommand } from './commands/console.command';
import { registerDashboardsCommand } from './commands/dashboards.command';
import { registerDbCommands } from './commands/db.command';
import { registerDemoCommand } from './commands/demo.command';
import { registerKafkaCommands } from './commands/kafka.command';
import { registerModelsCommand } from './commands/models.command';
import { registerReplayCommand } from './commands/replay.command';
import { registerServeCommands } from './commands/serve.command';
import { registerSimulateCommand } from './commands/simulate.command';
import { registerTopicsCommands } from './commands/topics.command';
import { registerTrainCommand } from './commands/train.command';
import { registerTrainConfusionCommand } from './commands/train-confusion.command';

// Each command module registers itself and imports its heavy dependencies only when it runs, so
// that `riptide --help` or a batch job does not pay for booting Kafka clients or NestJS.
const program = new Command('riptide')
  .description('Riptide: real-time opinion and coordinated-spread tracking on Kafka')
  .showHelpAfterError()
  .configureHelp({ sortSubcommands: true });

registerKafkaCommands(program);
registerTopicsCommands(program);
registerReplayCommand(program);
registerConnectCommand(program);
registerBenchCommand(program);
registerTrainCommand(program);
registerTrainConfusionCommand(program);
registerEvalCommand(program);
registerModelsCommand(program);
registerCoordinationCommand(program);
registerDemoCommand(program);
registerSimulateCommand(program);
registerApiKeyCommands(program);
registerDashboardsCommand(program);
registerConsoleCommand(program);
registerDbCommands(program);
registerServeCommands(program);
registerImageCommands(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CliError) {
    process.stderr.write(`riptide: ${error.message}\n`);
    process.exit(error.exitCode);
  }
  // A bad setting names its variable already: the person needs the message, not a stack.
  if (error instanceof ConfigError) {
    process.stderr.write(`riptide: ${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(
    `riptide: unexpected failure\n${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exit(70);
});
