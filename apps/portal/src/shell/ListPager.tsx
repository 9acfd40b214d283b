import { Button, Text, makeStyles, tokens } from '@fluentui/react-components';
import { ChevronDoubleLeftRegular, ChevronRightRegular } from '@fluentui/react-icons';

const useStyles = makeStyles({ pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM } });

/**
 * Server paging as Graph offers it: forward through @odata.nextLink, back to the first page (Back in the browser
 * returns to the previous page, whose cursor is in its URL).
 */
export function ListPager({
  page,
  hasNext,
  onFirst,
  onNext,
  label,
}: {
  page: number;
  hasNext: boolean;
  onFirst: () => void;
  onNext: () => void;
  label: string;
}) {
  const styles = useStyles();
  return (
    <nav className={styles.pager} aria-label={`${label} pages`}>
      <Button icon={<ChevronDoubleLeftRegular />} disabled={page <= 1} onClick={onFirst}>
        First page
      </Button>
      <Text>Page {page}</Text>
      <Button icon={<ChevronRightRegular />} iconPosition="after" disabled={!hasNext} onClick={onNext}>
        Next page
      </Button>
    </nav>
  );
}
