import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Small persisted settings of the app, e.g. the generated admin token. */
@Entity({ schema: 'scim_target', name: 'settings' })
export class SettingEntity {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'text' })
  value: string;
}
