import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * A SCIM resource (User or Group) of one tenant. `data` holds the attributes exactly as accepted (canonical names,
 * values verbatim); the indexed columns are copies used to find candidates quickly and to enforce uniqueness.
 */
@Entity({ schema: 'scim_target', name: 'resources' })
export class ResourceEntity {
  @PrimaryColumn({ type: 'text' })
  tenant: string;

  @PrimaryColumn({ type: 'uuid' })
  id: string;

  /** Insertion order: the stable order of list responses. */
  @Column({ type: 'bigint', generated: 'increment' })
  seq: string;

  @Column({ name: 'resource_type', type: 'text' })
  resourceType: string;

  @Column({ name: 'user_name', type: 'text', nullable: true })
  userName: string | null;

  @Column({ name: 'display_name', type: 'text', nullable: true })
  displayName: string | null;

  @Column({ name: 'external_id', type: 'text', nullable: true })
  externalId: string | null;

  /** A Group of a tenant that does not allow duplicate group names: its lower(display_name) is unique. */
  @Column({ name: 'display_name_unique', type: 'boolean', default: false })
  displayNameUnique: boolean;

  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'timestamptz' })
  created: Date;

  @Column({ name: 'last_modified', type: 'timestamptz' })
  lastModified: Date;
}
