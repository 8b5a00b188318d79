package io.github.diffviews.umap.internal;

import java.util.Arrays;

/**
 * Finds the training rows nearest to a new preprocessed row, for the transform.
 *
 * <pre>
 * Below {@link NearestNeighbors#EXACT_LIMIT} training rows every row is compared. Above, the
 * search walks the training rows' own neighbor graph (each row's k - 1 neighbors plus up to
 * k - 1 rows that list it, the nearest first), starting from the rows that share the query's
 * leaf in one random projection tree:
 *   - keep the k best rows found so far and a queue of rows to expand, nearest first;
 *   - take the nearest unexpanded row; stop when it is farther than (1 + epsilon) times the k-th
 *     best distance (epsilon = 0.1, pynndescent's default for queries); otherwise measure its
 *     unvisited graph neighbors and queue those within that bound.
 * This is the search pynndescent uses for umap-learn's transform. It is deterministic: the tree
 * is rebuilt from the rows and the seed alone, and ties are broken by the lower row index.
 * </pre>
 */
final class SearchIndex {

    private static final float EPSILON = 0.1f;
    private static final int LEAF_SIZE = 48;

    private final float[] data;
    private final int rows;
    private final int dim;
    private final int[] order;
    private final int[] position;
    private final int[] adjacencyStart;
    private final int[] adjacency;
    private final RpTree tree;
    private final ThreadLocal<int[]> visits;
    private final ThreadLocal<int[]> stamps;

    SearchIndex(float[] data, int rows, int dim, KnnGraph knn, long seed) {
        this.rows = rows;
        this.dim = dim;
        if (rows < NearestNeighbors.EXACT_LIMIT) {
            this.data = data;
            this.order = null;
            this.position = null;
            this.adjacencyStart = null;
            this.adjacency = null;
            this.tree = null;
            this.visits = null;
            this.stamps = null;
            return;
        }
        this.tree = RpTree.build(data, rows, dim, LEAF_SIZE, Rng.hash(seed, 0x5ea4c4L, 0), true);

        // The index keeps the rows in the tree's leaf order: a row's graph neighbors then mostly
        // sit near it in memory, and the search, which is bound by reading rows, runs faster.
        this.order = tree.order();
        this.position = new int[rows];
        for (int r = 0; r < rows; r++) {
            position[order[r]] = r;
        }
        this.data = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, order[r] * dim, this.data, r * dim, dim);
        }

        int[][] lists = searchGraph(knn);
        this.adjacencyStart = new int[rows + 1];
        for (int r = 0; r < rows; r++) {
            adjacencyStart[r + 1] = adjacencyStart[r] + lists[order[r]].length;
        }
        this.adjacency = new int[adjacencyStart[rows]];
        for (int r = 0; r < rows; r++) {
            int[] list = lists[order[r]];
            for (int e = 0; e < list.length; e++) {
                adjacency[adjacencyStart[r] + e] = position[list[e]];
            }
        }
        this.visits = ThreadLocal.withInitial(() -> new int[rows]);
        this.stamps = ThreadLocal.withInitial(() -> new int[1]);
    }

    /**
     * Returns the indexed rows in their original order.
     *
     * @return the rows, row-major; a new array when the index reordered them
     */
    float[] rows() {
        if (order == null) {
            return data;
        }
        float[] original = new float[rows * dim];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * dim, original, order[r] * dim, dim);
        }
        return original;
    }

    /** Each row's forward neighbors, then its nearest reverse neighbors, k - 1 of each. */
    private static int[][] searchGraph(KnnGraph knn) {
        int n = knn.rows();
        int k = knn.k();
        int[] reverseCount = new int[n];
        for (int i = 0; i < n; i++) {
            for (int s = 1; s < k; s++) {
                reverseCount[knn.index(i, s)]++;
            }
        }
        int[][] reverse = new int[n][];
        float[][] reverseDistance = new float[n][];
        for (int i = 0; i < n; i++) {
            reverse[i] = new int[reverseCount[i]];
            reverseDistance[i] = new float[reverseCount[i]];
        }
        int[] fill = new int[n];
        for (int i = 0; i < n; i++) {
            for (int s = 1; s < k; s++) {
                int j = knn.index(i, s);
                reverse[j][fill[j]] = i;
                reverseDistance[j][fill[j]] = knn.distance(i, s);
                fill[j]++;
            }
        }
        int[][] lists = new int[n][];
        for (int i = 0; i < n; i++) {
            int[] forward = new int[k - 1];
            for (int s = 1; s < k; s++) {
                forward[s - 1] = knn.index(i, s);
            }
            int[] back = reverse[i];
            float[] backDistance = reverseDistance[i];
            Integer[] order = new Integer[back.length];
            for (int r = 0; r < back.length; r++) {
                order[r] = r;
            }
            Arrays.sort(order, (x, y) -> backDistance[x] != backDistance[y]
                    ? Float.compare(backDistance[x], backDistance[y])
                    : Integer.compare(back[x], back[y]));
            int[] merged = Arrays.copyOf(forward, (k - 1) + Math.min(k - 1, back.length));
            int size = k - 1;
            for (int r = 0; r < back.length && size < merged.length; r++) {
                int candidate = back[order[r]];
                boolean present = false;
                for (int f = 0; f < k - 1; f++) {
                    present |= forward[f] == candidate;
                }
                if (!present && candidate != i) {
                    merged[size++] = candidate;
                }
            }
            lists[i] = Arrays.copyOf(merged, size);
        }
        return lists;
    }

    /**
     * Finds the k training rows nearest to a query.
     *
     * @param query the preprocessed row
     * @param k how many
     * @param indices receives the rows, nearest first (ties: lower index first)
     * @param squared receives their squared Euclidean distances
     */
    void search(float[] query, int k, int[] indices, float[] squared) {
        NeighborHeaps best = new NeighborHeaps(1, k);
        if (tree == null) {
            for (int j = 0; j < rows; j++) {
                float d = Kernels.squaredDistance(query, 0, data, j * dim, dim);
                if (d <= best.worst(0)) {
                    best.push(0, j, d, false);
                }
            }
            best.sorted(indices, squared);
            return;
        }
        graphSearch(query, k, best);
        best.sorted(indices, squared);
        // Back to the original row numbers, equal distances listing the lower row first.
        for (int s = 0; s < k; s++) {
            indices[s] = indices[s] == NeighborHeaps.EMPTY ? indices[s] : order[indices[s]];
        }
        for (int s = 1; s < k; s++) {
            int index = indices[s];
            float distance = squared[s];
            int t = s - 1;
            while (t >= 0 && NeighborHeaps.before(distance, index, squared[t], indices[t])) {
                indices[t + 1] = indices[t];
                squared[t + 1] = squared[t];
                t--;
            }
            indices[t + 1] = index;
            squared[t + 1] = distance;
        }
    }

    private void graphSearch(float[] query, int k, NeighborHeaps best) {
        int[] visited = visits.get();
        int[] stampHolder = stamps.get();
        int stamp = ++stampHolder[0];
        if (stamp == Integer.MAX_VALUE) {
            Arrays.fill(visited, 0);
            stampHolder[0] = 1;
            stamp = 1;
        }
        Queue queue = new Queue();

        int[] seeds = tree.leafRows(tree.leafOf(query));
        for (int s = 0; s < seeds.length; s++) {
            seeds[s] = position[seeds[s]];
        }
        Arrays.sort(seeds);
        for (int row : seeds) {
            visit(query, row, visited, stamp, best, queue);
        }
        // A leaf smaller than k cannot fill the heap: add evenly spaced rows.
        for (int extra = 0; best.worst(0) == Float.POSITIVE_INFINITY && extra < rows; extra++) {
            int row = (int) ((long) extra * rows / Math.max(1, 4L * k) % rows);
            if (visited[row] != stamp) {
                visit(query, row, visited, stamp, best, queue);
            }
        }

        float scale = (1 + EPSILON) * (1 + EPSILON);
        while (queue.size > 0) {
            float nearest = queue.peekDistance();
            if (nearest > scale * best.worst(0)) {
                break;
            }
            int row = queue.poll();
            for (int e = adjacencyStart[row]; e < adjacencyStart[row + 1]; e++) {
                int other = adjacency[e];
                if (visited[other] == stamp) {
                    continue;
                }
                visited[other] = stamp;
                float d = Kernels.squaredDistance(query, 0, data, other * dim, dim);
                if (d < scale * best.worst(0)) {
                    best.push(0, other, d, false);
                    queue.add(other, d);
                }
            }
        }
    }

    private void visit(float[] query, int row, int[] visited, int stamp, NeighborHeaps best,
            Queue queue) {
        visited[row] = stamp;
        float d = Kernels.squaredDistance(query, 0, data, row * dim, dim);
        best.push(0, row, d, false);
        queue.add(row, d);
    }

    /** A binary min-heap of (distance, row), ties broken by the lower row. */
    private static final class Queue {

        private int[] rows = new int[64];
        private float[] distances = new float[64];
        int size;

        void add(int row, float distance) {
            if (size == rows.length) {
                rows = Arrays.copyOf(rows, size * 2);
                distances = Arrays.copyOf(distances, size * 2);
            }
            int slot = size++;
            while (slot > 0) {
                int parent = (slot - 1) / 2;
                if (!NeighborHeaps.before(distance, row, distances[parent], rows[parent])) {
                    break;
                }
                rows[slot] = rows[parent];
                distances[slot] = distances[parent];
                slot = parent;
            }
            rows[slot] = row;
            distances[slot] = distance;
        }

        float peekDistance() {
            return distances[0];
        }

        int poll() {
            int top = rows[0];
            size--;
            if (size > 0) {
                int row = rows[size];
                float distance = distances[size];
                int slot = 0;
                while (true) {
                    int left = 2 * slot + 1;
                    if (left >= size) {
                        break;
                    }
                    int right = left + 1;
                    int smaller = left;
                    if (right < size && NeighborHeaps.before(distances[right], rows[right],
                            distances[left], rows[left])) {
                        smaller = right;
                    }
                    if (!NeighborHeaps.before(distances[smaller], rows[smaller], distance,
                            row)) {
                        break;
                    }
                    rows[slot] = rows[smaller];
                    distances[slot] = distances[smaller];
                    slot = smaller;
                }
                rows[slot] = row;
                distances[slot] = distance;
            }
            return top;
        }
    }
}
