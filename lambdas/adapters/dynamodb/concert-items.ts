import type { SaleSettings } from '../../domain/sale';

export const optional = <T>(name: string, value: T | undefined): Record<string, T> => (value === undefined ? {} : { [name]: value });

/** The sale attributes of a concert item (also read by the room repository from the same item). */
export const toSaleSettings = (item: Record<string, unknown>): SaleSettings => ({
  ...optional('saleOpensAtMs', typeof item.saleOpensAt === 'number' ? item.saleOpensAt : undefined),
  ...optional('maxActive', typeof item.maxActive === 'number' ? item.maxActive : undefined),
  ...optional('paused', item.paused === true ? true : undefined),
  ...optional('lastDate', typeof item.lastDate === 'string' ? item.lastDate : undefined),
  ...optional('openedAtMs', typeof item.openedAt === 'number' ? item.openedAt : undefined),
});

