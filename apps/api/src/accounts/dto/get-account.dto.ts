import { ApiProperty } from '@nestjs/swagger';
import { QueryReader } from '../../http/query-reader';

class AccountClusterDto {
  @ApiProperty() cluster_id!: string;
  @ApiProperty() status!: string;
  @ApiProperty() size!: number;
  @ApiProperty() coordination_score!: number;
  @ApiProperty({ description: "The account's strength in the cluster" }) strength!: number;
  @ApiProperty() degree!: number;
}

class AccountObjectDto {
  @ApiProperty() object_id!: string;
  @ApiProperty({ description: 'Its evidence edges on the object' }) edges!: number;
}

/** GET /v1/accounts/{id}: the answer. */
export class AccountDto {
  @ApiProperty() account_id!: string;
  @ApiProperty({ format: 'date-time' }) first_seen_at!: string;
  @ApiProperty({ format: 'date-time' }) last_seen_at!: string;
  @ApiProperty({ description: 'Evidence edges touching it' }) edge_count!: number;
  @ApiProperty({
    description:
      "Max over its clusters of the cluster's coordination_score × (its strength / the cluster's top strength)",
  })
  coordination_score!: number;
  @ApiProperty({ type: [AccountClusterDto], description: 'Up to 100, the latest updated first' })
  clusters!: AccountClusterDto[];
  @ApiProperty({ type: [AccountObjectDto], description: 'Up to 100, the most evidenced first' })
  objects!: AccountObjectDto[];
}

/** GET /v1/accounts/{id} takes no query parameters. */
export function readGetAccountQuery(query: Record<string, unknown>): void {
  new QueryReader(query, []);
}
