import { DynamicModule, Module } from '@nestjs/common';
import { createOutOfBatchSink } from '@riptide/stream';
import { OPINION_CONTEXT, type OpinionContext } from './opinion-context';
import { OpinionController, QUIET_SINK } from './opinion.controller';

@Module({})
export class OpinionModule {
  static withContext(context: OpinionContext): DynamicModule {
    return {
      module: OpinionModule,
      controllers: [OpinionController],
      providers: [
        { provide: OPINION_CONTEXT, useValue: context },
        // Connected on the first quiet close, so an idle instance holds no extra producer connection.
        { provide: QUIET_SINK, useFactory: () => createOutOfBatchSink(context.config.kafka) },
      ],
    };
  }
}
