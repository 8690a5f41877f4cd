import { defineCodec } from '../codec';
import { describeReceived, schemaViolation } from '../contract-violation';
import { COORDINATION_SIGNALS, SIGNAL_OBJECT_KIND, type CoordinationSignal } from '../labels';
import { closedObject, dateTime, identifier, nonNegativeNumber, schemaName } from './fragments';
import { objectIdHasKind, sharedObjectIdSchema } from './shared-object-id';

export const COORDINATION_EDGE_SCHEMA = 'coordination-edge/v1';

/** Two distinct accounts that shared the same object within a signal's time window. */
export interface CoordinationEdge {
  schema: typeof COORDINATION_EDGE_SCHEMA;
  signal: CoordinationSignal;
  object_id: string;
  /** account_a < account_b (code-unit order), so each pair has exactly one spelling. */
  account_a: string;
  account_b: string;
  post_a: string;
  post_b: string;
  at_a: string;
  at_b: string;
  delta_t_s: number;
  detected_at: string;
}

export const coordinationEdgeJsonSchema = {
  title: COORDINATION_EDGE_SCHEMA,
  description: 'account_a sorts before account_b; object_id has the kind of the signal (co-url -> "url:").',
  ...closedObject(
    {
      schema: schemaName(COORDINATION_EDGE_SCHEMA),
      signal: { type: 'string', enum: COORDINATION_SIGNALS },
      object_id: sharedObjectIdSchema,
      account_a: identifier,
      account_b: identifier,
      post_a: identifier,
      post_b: identifier,
      at_a: dateTime,
      at_b: dateTime,
      delta_t_s: nonNegativeNumber,
      detected_at: dateTime,
    },
    [
      'schema',
      'signal',
      'object_id',
      'account_a',
      'account_b',
      'post_a',
      'post_b',
      'at_a',
      'at_b',
      'delta_t_s',
      'detected_at',
    ],
  ),
};

function edgeRules(edge: CoordinationEdge) {
  if (!(edge.account_a < edge.account_b)) {
    return schemaViolation(
      'account_b',
      `must sort after account_a (${describeReceived(edge.account_a)}), got ${describeReceived(edge.account_b)}: ` +
        'put the smaller account id in account_a, and never pair an account with itself',
    );
  }
  return objectIdHasKind(
    'object_id',
    edge.object_id,
    SIGNAL_OBJECT_KIND[edge.signal],
    `because signal is ${edge.signal}`,
  );
}

export const coordinationEdgeCodec = defineCodec<CoordinationEdge>({
  schema: COORDINATION_EDGE_SCHEMA,
  jsonSchema: coordinationEdgeJsonSchema,
  crossFieldRules: edgeRules,
});
