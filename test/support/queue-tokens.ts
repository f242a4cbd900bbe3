/** The token id inside a queue token (its `jti`), to read the token's item in the table. */
export const tokenIdOf = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[1] as string, 'base64url').toString()).jti;
