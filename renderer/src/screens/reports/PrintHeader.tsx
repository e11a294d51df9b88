import { useTranslation } from 'react-i18next';

/**
 * The header of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): the
 * unit on the left, the national name in bold capitals and the motto in bold with a rule beneath it
 * on the right, then the place-and-date line in italics.
 */
export function PrintHeader({ centerName, ward, printedDay }: { centerName: string; ward: string; printedDay: string }) {
  const { t } = useTranslation();
  const [year, month, day] = printedDay.split('-');
  return (
    <header className="doc-header">
      <div className="doc-unit">
        <p className="doc-unit-name">{centerName.toLocaleUpperCase('vi')}</p>
        <hr className="doc-rule-short" />
      </div>
      <div className="doc-nation">
        <p className="doc-national-name">{t('print.nationalName')}</p>
        <p className="doc-motto">{t('print.motto')}</p>
        <hr className="doc-rule" />
        <p className="doc-date-line">{t('print.dateLine', { ward, day, month, year })}</p>
      </div>
    </header>
  );
}
