export const OUTPUT: string;
export function generateMetaValidators(): Promise<string>;
