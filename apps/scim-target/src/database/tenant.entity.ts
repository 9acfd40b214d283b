import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** One isolated SCIM store with its own bearer token and profile. */
@Entity({ schema: 'scim_target', name: 'tenants' })
export class TenantEntity {
  @PrimaryColumn({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  profile: string;

  /** Kept in clear text: the default tenant's token is printed at every start. Never returned unmasked by the API. */
  @Column({ type: 'text' })
  token: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'token_rotated_at', type: 'timestamptz' })
  tokenRotatedAt: Date;

  /** Off (the default): Group displayName is unique in the tenant regardless of case (409 uniqueness). */
  @Column({ name: 'allow_duplicate_group_names', type: 'boolean', default: false })
  allowDuplicateGroupNames: boolean;

  /** On: `GET {base}/Token` answers this tenant's token to anyone (off by default; docs/security.md). */
  @Column({ name: 'token_endpoint', type: 'boolean', default: false })
  tokenEndpoint: boolean;
}
