/** An ACTIVE token's end of life, to be carried out when it comes (a delayed message). */
export interface TokenExpiryRequest {
  readonly tokenId: string;
  /** When the token stops being ACTIVE (epoch ms): the expiry must not run before. */
  readonly expireAtMs: number;
}

/** Asks for `expire-active-token` to run for a token at its deadline. */
export interface TokenExpiryScheduler {
  scheduleExpiry(request: TokenExpiryRequest): Promise<void>;
}

/**
 * What the table stream says about a queue token. `admitted`: it became ACTIVE (at issue or from the line), so
 * its expiry is scheduled; `slotFreed`: an ACTIVE token died (left, paid, expired); `queued`: a token joined the
 * line, maybe while a slot is free.
 */
export type TokenChange =
  | { readonly kind: 'admitted'; readonly concertId: string; readonly expiry: TokenExpiryRequest }
  | { readonly kind: 'slotFreed' | 'queued'; readonly concertId: string };

/**
 * What the table stream says about a room: a queue token's change, or `saleChanged`, the operator changed the
 * concert's sale (or its draw ended), which may free slots (a resume, a larger room) or open the sale now.
 */
export type RoomChange = TokenChange | { readonly kind: 'saleChanged'; readonly concertId: string };
