import { expect, describe as group, it } from 'vitest';
import { describe } from '../index.js';
import { loadDocument } from '../test-documents/documents.js';
import { DESCRIBE_LOCALES, DESCRIBE_MESSAGES } from './catalogue.js';

group('message catalogues', () => {
  it.each(DESCRIBE_LOCALES)('%s has every message of en', (locale) => {
    const messages = DESCRIBE_MESSAGES[locale];
    expect(Object.keys(messages).sort()).toEqual(Object.keys(DESCRIBE_MESSAGES.en).sort());
    expect(messages.weekdays).toHaveLength(7);
    expect(messages.months).toHaveLength(12);
    expect(Object.keys(messages.fieldTypes).sort()).toEqual(
      Object.keys(DESCRIBE_MESSAGES.en.fieldTypes).sort(),
    );
  });

  it.each(['fr', 'de'] as const)('%s says every step differently from en', (locale) => {
    for (const name of ['invoice-approval', 'onboarding', 'weekly-report', 'contract-review']) {
      const english = describe(loadDocument(name), { locale: 'en' });
      const localized = describe(loadDocument(name), { locale });
      english.steps.forEach((step, i) => {
        expect(localized.steps[i]?.summary).not.toBe(step.summary);
        expect(localized.steps[i]?.details).toHaveLength(step.details.length);
      });
    }
  });
});

group('French', () => {
  const result = describe(loadDocument('invoice-approval'), { locale: 'fr' });

  it('says the trigger, decisions and approvals in French', () => {
    expect(result.trigger.summary).toBe('Démarre quand une requête signée arrive à son URL de webhook.');
    expect(result.steps[0]?.details[0]).toBe(
      'Si `trigger.amount > 5000` (trigger.amount est supérieur à 5000) : passer à l’étape 2 (Finance approval).',
    );
    expect(result.steps[1]?.details.slice(0, 2)).toEqual([
      'Approbateurs : le groupe finance et controller@example.com.',
      '2 approbations sont nécessaires.',
    ]);
    expect(result.steps[1]?.details).toContain(
      'Si personne ne décide dans un délai de 3 jours : la demande est transmise (destinataires : cfo@example.com).',
    );
    expect(result.steps[2]?.onward).toBe('Ensuite, passer à l’étape 4 (Tell the vendor).');
  });

  it('says the inventory in French', () => {
    expect(result.text).toContain('Hôtes externes appelés : payments.example.com.');
  });
});

group('German', () => {
  const result = describe(loadDocument('weekly-report'), { locale: 'de' });

  it('says the schedule, waits and ends in German', () => {
    expect(result.trigger.summary).toBe('Startet jeden Montag um 08:30 (Europe/Paris).');
    expect(result.steps.map((s) => s.summary)).toEqual([
      'Datensätze `invoice` suchen',
      'Ein Sprachmodell fragen: „Summarize these overdue invoices: {{ steps.overdue }}“',
      'Chat-Nachricht senden an: jedes Mitglied der Gruppe accounts',
      'Warten: 1 Tag',
      'Warten bis `timestamp(vars.nextMonday)`',
      'Auf das Ereignis `invoice.paid` warten',
      'Den Lauf als abgeschlossen beenden',
      'Den Lauf als abgebrochen beenden',
    ]);
    expect(result.steps[5]?.details).toEqual([
      'Nur ein Ereignis, für das gilt: `event.number == vars.number` (event.number ist gleich vars.number).',
      'Höchste Wartezeit: 30 Tage.',
      'Wenn kein Ereignis rechtzeitig eintrifft: weiter mit Schritt 8 (Gave up).',
    ]);
    expect(result.text).toContain('Aufgerufene externe Hosts: keine.');
  });
});
