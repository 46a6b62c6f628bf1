/**
 * The convention of 2023–2026 between the City of Mons-en-Barœul and
 * Partenord Habitat, Vilogia and Logis Métropole, as its text sets it: the
 * contract's dates (article 6), the members and the coordinator (article 4),
 * the key (article 5.2) and the revision formula (article 5.1). `medcoop init`
 * starts a workspace from it; the bench's generator builds on it.
 */
export const CONVENTION = {
  contract: { start: '2023-01-01', end: '2026-12-31' },
  coordinator: 'mons',
  members: [
    { id: 'mons', name: 'Ville de Mons en Barœul' },
    { id: 'partenord', name: 'Partenord Habitat' },
    { id: 'vilogia', name: 'Vilogia' },
    { id: 'logis-metropole', name: 'Logis Métropole' },
  ],
  key: { from: '2023-01-01', shares: { mons: '31.61', partenord: '27.58', vilogia: '28.28', 'logis-metropole': '12.53' } },
  revision: {
    fixed: '0.15',
    variable: '0.85',
    base: { month: '2022-10', rule: 'month' },
    current: { rule: 'known-at' },
    known_on: 'revision-date',
    rounding: { target: 'none' },
  },
} as const;
