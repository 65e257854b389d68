package io.github.kerasrs4j.samples.movielens;

/**
 * One line of {@code u.user}: {@code id|age|gender|occupation|zip code}, with the two features the keras-io
 * example derives from it the way TensorFlow Datasets' {@code movielens/100k-ratings} does.
 */
public record MovieLensUser(int id, int age, boolean male, String occupation, String zipCode) {

    /** The lower edges of tfds's age buckets above the first, which is 1 (under 18). */
    private static final int[] AGE_BUCKET_EDGES = {18, 25, 35, 45, 50, 56};

    /** tfds's {@code user_gender} as the example's {@code int(...)}: 1 for M, 0 for F. */
    public int genderFeature() {
        return male ? 1 : 0;
    }

    /** tfds's {@code bucketized_user_age}. */
    public int bucketizedAge() {
        return bucketizeAge(age);
    }

    /** The largest bucket edge at most {@code age}: 1 (under 18), 18, 25, 35, 45, 50 or 56. */
    public static int bucketizeAge(int age) {
        int bucket = 1;
        for (int edge : AGE_BUCKET_EDGES) {
            if (age < edge) {
                break;
            }
            bucket = edge;
        }
        return bucket;
    }
}
