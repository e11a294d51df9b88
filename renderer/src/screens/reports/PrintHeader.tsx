import { useTranslation } from 'react-i18next';

/**
 * The header of a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP, Phụ lục I): on the
 * left the parent body, the unit in bold capitals with a short rule, and the document number line
 * (the number left blank for the clerical office); on the right the national name in bold capitals,
 * the motto in bold with a rule beneath it, then the place-and-date line in italics.
 */
export function PrintHeader({ centerName, ward, printedDay, docNumber }: { centerName: string; ward: string; printedDay: string; docNumber?: boolean }) {
  const { t } = useTranslation();
  const [year, month, day] = printedDay.split('-');
  return (
    <header className="doc-header">
      <div className="doc-unit">
        <p className="doc-parent-body">{t('print.parentBody', { ward: ward.toLocaleUpperCase('vi') })}</p>
        <p className="doc-unit-name">{centerName.toLocaleUpperCase('vi')}</p>
        <hr className="doc-rule-short" />
        {docNumber && <p className="doc-number">{t('print.docNumber', { blank: '\u00a0'.repeat(8) })}</p>}
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
