import type { AreaId } from '../../functions/domain/directory/taxonomy.js';
import { areaCode } from '../../functions/domain/directory/public-ids.js';
import { AreaIcon } from '../components/area-icon.js';
import { Layout, type PageContext } from '../components/layout.js';
import { InfoSection } from './safety.js';

/** Service areas a family is most often looking for, in this order (seed 002 "Role of family"). */
export const FAMILY_AREAS: readonly AreaId[] = ['family', 'counselling', 'education', 'work', 'health'];

/**
 * For families: supporting someone who has come home, worded generally ("after a hard time away,
 * for example after work abroad") so it reveals nothing; no blame; links into the directory.
 * There is deliberately no way to find, locate or check on a person (product doc F).
 */
export function FamiliesPage({ ctx }: { ctx: PageContext }) {
  const { t, locale } = ctx;
  const f = (key: string) => t(`info:families.${key}`);
  return (
    <Layout ctx={ctx} title={f('title')}>
      <h1>{f('heading')}</h1>
      <p class="lead">{f('intro')}</p>
      <InfoSection
        id="feelings"
        title={f('feelings.title')}
        paragraphs={[f('feelings.mixed'), f('feelings.time'), f('feelings.money')]}
      />
      <InfoSection
        id="helps"
        title={f('help.title')}
        list={[
          f('help.listen'),
          f('help.notFault'),
          f('help.choices'),
          f('help.private'),
          f('help.everyday'),
          f('help.pressure'),
        ]}
      />
      <InfoSection id="yourself" title={f('yourself.title')} paragraphs={[f('yourself.text')]} />
      <InfoSection id="services" title={f('services.title')} paragraphs={[f('services.intro')]}>
        <ul class="area-links">
          {FAMILY_AREAS.map((area) => (
            <li key={area}>
              <a class="area-link" href={`/${locale}/services?area=${areaCode(area)}`}>
                <AreaIcon area={area} />
                <span>
                  <strong>{t(`directory:areas.${area}`)}</strong>
                  <span class="hint">{f(`services.${area}`)}</span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      </InfoSection>
      <InfoSection id="danger" title={f('danger.title')} paragraphs={[f('danger.text'), f('danger.child')]}>
        <p>
          <a class="button secondary" href={`/${locale}/urgent`}>
            {f('danger.link')}
          </a>
        </p>
      </InfoSection>
      <InfoSection
        id="cannot"
        title={f('cannot.title')}
        paragraphs={[f('cannot.text'), f('cannot.advice')]}
      />
    </Layout>
  );
}
