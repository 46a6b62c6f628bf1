/**
 * Column names as the user wrote them → the names medcoop reads. Headers are
 * trimmed and compared in lower case; the French names an Excel-FR user
 * writes (those of `--dialect excel-fr`: `facture`, `reçue_le`,
 * `mois_de_service`, `libellé`…) are read as the English ones, accents,
 * spaces and hyphens aside (issue 13).
 */
import type { ColumnSpec } from './csv.js';

/** French name (lower case, no accent, `_` between words) → English name, per input file. */
export const FRENCH_COLUMNS = {
  index: { periode: 'period', valeur: 'value', publiee_le: 'published_on', publie_le: 'published_on', statut: 'status', estimee: 'estimated', date_estimee: 'estimated' },
  invoices: {
    facture: 'invoice_id',
    recue_le: 'received_on',
    payee_le: 'paid_on',
    mois_de_service: 'service_month',
    code_prix: 'price_code',
    quantite: 'quantity',
    taux_tva: 'vat_pct',
    ht_facture: 'invoiced_ht',
    libelle: 'label',
  },
  subsidies: { subvention: 'subsidy_id', financeur: 'grantor', recue_le: 'received_on', montant: 'amount', date_cle: 'key_date', semestre: 'semester' },
} as const satisfies Record<string, Record<string, string>>;

/** `Reçue le` → `recue_le`: lower case, accents removed, spaces and hyphens as `_`. */
function plain(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[\s-]+/g, '_');
}

/** The name a header cell stands for: its trimmed lower-case text, or the English name of a French one. */
export function headerName(cell: string, spec: ColumnSpec): string {
  const name = cell.trim().toLowerCase();
  const french = spec.french?.[plain(name)];
  return french ?? name;
}
