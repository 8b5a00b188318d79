package io.github.diffviews.umap.internal;

/**
 * Fits the curve {@code 1 / (1 + a d^(2b))} that UMAP uses for membership in the embedding to
 * the offset exponential {@code 1} for {@code d < min_dist}, {@code exp(-(d - min_dist) /
 * spread)} beyond, by least squares on 300 evenly spaced distances from 0 to {@code 3 spread}
 * (the sampling umap-learn fits on). The fit is a Levenberg-Marquardt iteration in (a, b) from
 * (1, 1); for {@code min_dist = 0.1, spread = 1} it gives a = 1.577, b = 0.895.
 */
public final class CurveFit {

    private static final int SAMPLES = 300;
    private static final int MAX_ITERATIONS = 500;

    private CurveFit() {
    }

    /**
     * Fits a and b.
     *
     * @param spread the spread, positive
     * @param minDist the minimum distance, at most the spread
     * @return {a, b}
     */
    public static double[] fit(double spread, double minDist) {
        double[] x = new double[SAMPLES];
        double[] y = new double[SAMPLES];
        for (int i = 0; i < SAMPLES; i++) {
            x[i] = 3 * spread * i / (SAMPLES - 1);
            y[i] = x[i] < minDist ? 1.0 : Math.exp(-(x[i] - minDist) / spread);
        }

        double a = 1;
        double b = 1;
        double lambda = 1e-3;
        double cost = cost(x, y, a, b);
        for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
            // Normal equations of the linearised residuals: (J^T J + lambda diag) step = -J^T r.
            double jaa = 0;
            double jab = 0;
            double jbb = 0;
            double ga = 0;
            double gb = 0;
            for (int i = 0; i < SAMPLES; i++) {
                if (x[i] == 0) {
                    continue;
                }
                double power = Math.pow(x[i], 2 * b);
                double denominator = 1 + a * power;
                double f = 1 / denominator;
                double residual = f - y[i];
                double dfda = -power / (denominator * denominator);
                double dfdb = -a * power * 2 * Math.log(x[i]) / (denominator * denominator);
                jaa += dfda * dfda;
                jab += dfda * dfdb;
                jbb += dfdb * dfdb;
                ga += dfda * residual;
                gb += dfdb * residual;
            }
            boolean improved = false;
            while (lambda < 1e12) {
                double maa = jaa * (1 + lambda);
                double mbb = jbb * (1 + lambda);
                double det = maa * mbb - jab * jab;
                double stepA = -(mbb * ga - jab * gb) / det;
                double stepB = -(maa * gb - jab * ga) / det;
                double candidate = cost(x, y, a + stepA, b + stepB);
                if (candidate < cost) {
                    a += stepA;
                    b += stepB;
                    double change = cost - candidate;
                    cost = candidate;
                    lambda = Math.max(1e-12, lambda / 10);
                    improved = true;
                    if (change < 1e-15 * Math.max(1, cost)) {
                        return new double[] {a, b};
                    }
                    break;
                }
                lambda *= 10;
            }
            if (!improved) {
                break;
            }
        }
        return new double[] {a, b};
    }

    private static double cost(double[] x, double[] y, double a, double b) {
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double f = 1 / (1 + a * Math.pow(x[i], 2 * b));
            double residual = f - y[i];
            sum += residual * residual;
        }
        return Double.isNaN(sum) ? Double.POSITIVE_INFINITY : sum;
    }
}
