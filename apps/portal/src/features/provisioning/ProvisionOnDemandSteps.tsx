import {
  Accordion,
  AccordionHeader,
  AccordionItem,
  AccordionPanel,
  Badge,
  Caption1,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  Subtitle1,
  Subtitle2,
  Text,
  makeStyles,
  tokens,
} from '@fluentui/react-components';
import { useNavigate } from 'react-router';
import type { OnDemandOutcome, OnDemandStep } from '../../api/logs';
import { capitalize, objectNoun, statusColor, stepTitle } from '../logs/format';
import { KeyValueTable, ModifiedPropertiesTable } from '../logs/LogDetailsDrawer';
import { ScimRequestsList } from '../logs/ScimRequestsList';

const useStyles = makeStyles({
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalL },
  stepHeader: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center' },
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS, paddingBottom: tokens.spacingVerticalM },
  entry: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
});

function intent(result: string): 'success' | 'warning' | 'error' {
  if (result === 'Success') return 'success';
  if (result === 'Skipped') return 'warning';
  return 'error';
}

/** The step that carries the modified attributes: Perform action, else the export. */
function modifiedStepIndex(steps: OnDemandStep[]): number {
  const processing = steps.findIndex((s) => s.type.toLowerCase() === 'processing');
  return processing >= 0 ? processing : steps.findIndex((s) => s.type.toLowerCase() === 'export');
}

/**
 * The result of a provision on demand as Entra shows it (reference §1.7): the outcome, then the steps — Import,
 * Determine if in scope, Match, Perform action (with the modified attributes), the export — each with its details;
 * and, beyond Entra, the SCIM requests and responses behind each log entry the call wrote.
 */
export function ProvisionOnDemandSteps({ outcome, servicePrincipalId }: { outcome: OnDemandOutcome; servicePrincipalId: string }) {
  const styles = useStyles();
  const navigate = useNavigate();
  const { result, record, logIds } = outcome;
  const noun = objectNoun(record.sourceIdentity?.type);
  const steps = record.provisioningSteps;
  const modifiedAt = modifiedStepIndex(steps);
  const failedOrPerform = steps.findIndex((s) => s.status.toLowerCase() === 'failure');
  const openByDefault = [failedOrPerform >= 0 ? failedOrPerform : modifiedAt].filter((i) => i >= 0);
  const logsPath = `/apps/${encodeURIComponent(servicePrincipalId)}/provisioning-logs`;
  return (
    <div className={styles.section}>
      <MessageBar intent={intent(result.result)}>
        <MessageBarBody>
          <MessageBarTitle>
            {record.action} · {result.result}
          </MessageBarTitle>
          {record.reportableIdentifier}
          {result.details.errorCode ? ` — ${result.details.errorCode}: ${result.details.errorMessage ?? ''}` : ''}
        </MessageBarBody>
      </MessageBar>
      <Subtitle1 as="h2">Steps</Subtitle1>
      <Accordion multiple collapsible defaultOpenItems={openByDefault} aria-label="Provision on demand steps">
        {steps.map((step, index) => {
          const details = Object.entries(step.details ?? {});
          return (
            <AccordionItem key={`${step.name}-${index}`} value={index}>
              <AccordionHeader>
                <span className={styles.stepHeader} data-testid="on-demand-step">
                  <Text weight="semibold">
                    {index + 1}. {stepTitle(step.type, noun, record.targetSystem?.name)}
                  </Text>
                  <Badge appearance="tint" color={statusColor(step.status)}>
                    {capitalize(step.status)}
                  </Badge>
                </span>
              </AccordionHeader>
              <AccordionPanel>
                <div className={styles.panel}>
                  {step.description && <Text>{step.description}</Text>}
                  {details.length > 0 ? (
                    <KeyValueTable label={`${stepTitle(step.type, noun, record.targetSystem?.name)} details`} rows={details} />
                  ) : (
                    <Caption1>No details.</Caption1>
                  )}
                  {index === modifiedAt && (
                    <>
                      <Subtitle2 as="h3">
                        {step.status.toLowerCase() === 'failure' ? 'Attributes it tried to change' : 'Modified attributes'}
                      </Subtitle2>
                      <ModifiedPropertiesTable properties={record.modifiedProperties} label="Modified attributes" />
                    </>
                  )}
                </div>
              </AccordionPanel>
            </AccordionItem>
          );
        })}
      </Accordion>
      <Subtitle1 as="h2">
        SCIM requests{' '}
        <Badge appearance="outline" color="brand">
          provsim
        </Badge>
      </Subtitle1>
      <Caption1>Beyond Entra: the exact requests this provisioning sent to the target, and its answers.</Caption1>
      {logIds.length === 0 && (
        <Text>No provisioning log entry was written (nothing was imported), so there are no SCIM requests to show.</Text>
      )}
      {logIds.map((id, index) => (
        <section key={id} className={styles.entry} aria-label={`SCIM requests of log entry ${index + 1}`}>
          {logIds.length > 1 && (
            <Subtitle2 as="h3">
              Log entry {index + 1} of {logIds.length}
            </Subtitle2>
          )}
          <Link
            href={`/portal${logsPath}?entry=${id}`}
            onClick={(event) => {
              event.preventDefault();
              void navigate(`${logsPath}?entry=${id}`);
            }}
          >
            Open in Provisioning logs
          </Link>
          <ScimRequestsList logId={id} />
        </section>
      ))}
    </div>
  );
}
