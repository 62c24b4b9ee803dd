/** The median of a non-empty list (the mean of the middle two for an even count). */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A least-squares line y = intercept + slope · x, and how well it explains the points (R², 1 = all on the line). */
export interface LinearFit {
    intercept: number;
    slope: number;
    rSquared: number;
}

export function linearFit(points: { x: number; y: number }[]): LinearFit {
    const n = points.length;
    const meanX = points.reduce((sum, p) => sum + p.x, 0) / n;
    const meanY = points.reduce((sum, p) => sum + p.y, 0) / n;
    const sxx = points.reduce((sum, p) => sum + (p.x - meanX) ** 2, 0);
    const sxy = points.reduce((sum, p) => sum + (p.x - meanX) * (p.y - meanY), 0);
    const syy = points.reduce((sum, p) => sum + (p.y - meanY) ** 2, 0);
    const slope = sxy / sxx;
    const intercept = meanY - slope * meanX;
    const residual = points.reduce((sum, p) => sum + (p.y - intercept - slope * p.x) ** 2, 0);
    return { intercept, slope, rSquared: syy === 0 ? 1 : 1 - residual / syy };
}
