"""Preprocessing layers at a model's input edge, saved by real Keras 3 (the shared catalogue's
lookups_inside has int-mode lookups with vocabularies in the config only). Run with Keras 3 and
TensorFlow installed (lookup layers on strings need TensorFlow):
    KERAS_BACKEND=tensorflow python make_preprocessing.py OUTDIR
Writes M.keras, M.h5 and M.json ({"keras_version", "backend", "files", "inputs", "outputs"}: what
Keras predicted for those inputs). A format is kept only when Keras loads it back and predicts the
same: an adapted lookup keeps its vocabulary as an asset of the .keras archive, which a .h5 cannot hold.
"""
import json, os, sys
import numpy as np
import keras
import tensorflow as tf
from keras import layers

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(2026)


def tolist(a):
    a = np.asarray(a)
    if a.dtype.kind in "SUO":
        return [[x.decode() if isinstance(x, bytes) else x for x in row] if isinstance(row, list) else
                (row.decode() if isinstance(row, bytes) else row) for row in a.tolist()]
    return a.tolist()


def save(name, model, inputs, fit_y=None):
    if fit_y is not None:   # Keras's fit takes no string arrays: the lookup model keeps its initial weights
        model.compile(optimizer=keras.optimizers.Adam(1e-2), loss="mse")
        model.fit(inputs, fit_y, epochs=2, batch_size=4, verbose=0)
    inputs = {k: tf.constant(v.astype(str)) if v.dtype == object else v for k, v in inputs.items()}
    preds = model.predict(inputs, verbose=0)
    outs = {model.output_names[0]: np.asarray(preds).tolist()}
    files = []
    for ext in (".keras", ".h5"):
        path = os.path.join(OUT, name + ext)
        try:
            model.save(path)
            again = keras.saving.load_model(path, compile=False).predict(inputs, verbose=0)
            np.testing.assert_allclose(np.asarray(preds), np.asarray(again), rtol=1e-5, atol=1e-6)
            files.append(name + ext)
        except Exception as e:  # a format Keras itself cannot round-trip is not kept
            print("  not kept:", ext, type(e).__name__, str(e)[:160])
            if os.path.exists(path):
                os.remove(path)
    ins = {t.name: tolist(np.asarray(inputs[t.name])) for t in model.inputs}
    json.dump({"keras_version": keras.__version__, "backend": keras.backend.backend(), "files": files,
               "inputs": ins, "outputs": outs}, open(os.path.join(OUT, name + ".json"), "w"))
    print(name, files)


def lookup_modes():
    """Every lookup mode and OOV rule beside int-mode lookups with a config vocabulary."""
    keras.utils.set_random_seed(11)
    genre = keras.Input((), dtype="string", name="genre")
    tags = keras.Input((3,), dtype="string", name="tags")
    user = keras.Input((), dtype="int64", name="user")
    city = keras.Input((), dtype="int64", name="city")
    genre_lookup = layers.StringLookup(num_oov_indices=3, name="genre_lookup")   # adapted: an asset; FarmHash OOV
    genre_lookup.adapt(np.array(["comedy", "drama", "drama", "horror", "comedy", "drama"]))
    city_lookup = layers.IntegerLookup(output_mode="one_hot", name="city_lookup")   # adapted: an asset
    city_lookup.adapt(np.array([10, 20, 20, 30, 40, 40, 40], dtype="int64"))
    g = layers.Embedding(genre_lookup.vocabulary_size(), 4, name="genre_emb")(genre_lookup(genre))
    t = layers.StringLookup(vocabulary=["a", "b", "c", "d"], mask_token="", output_mode="multi_hot", name="tags_lookup")(tags)
    u = layers.IntegerLookup(vocabulary=[3, 7, 11, 19], mask_token=0, num_oov_indices=2, name="user_lookup")(user)
    u = layers.Embedding(7, 4, name="user_emb")(u)
    c = city_lookup(city)
    x = layers.Concatenate(name="joined")([g, layers.Dense(4, name="tags_dense")(t), u, layers.Dense(4, name="city_dense")(c)])
    m = keras.Model({"genre": genre, "tags": tags, "user": user, "city": city}, layers.Dense(1, name="out")(x), name="lookup_modes")
    data = {"genre": np.array(["drama", "comedy", "western", "horror", "", "noir", "drama", "musical"], dtype=object),
            "tags": np.array([["a", "b", ""], ["c", "c", "z"], ["", "", ""], ["d", "a", "q"]] * 2, dtype=object),
            "user": np.array([3, 0, 99, 11, 7, 42, 19, 8], dtype="int64"),
            "city": np.array([10, 20, 99, 40, 30, 10, 5, 40], dtype="int64")}
    save("lookup_modes", m, data)


def normalization():
    """Normalization adapted (statistics as weights, per feature) and given (statistics in the config, one for all)."""
    keras.utils.set_random_seed(12)
    dense = keras.Input((3,), name="dense")
    age = keras.Input((1,), name="age")
    adapted = layers.Normalization(axis=-1, name="dense_norm")
    adapted.adapt(rng.normal(loc=[1.0, -2.0, 5.0], scale=[0.5, 2.0, 3.0], size=(64, 3)).astype("float32"))
    a = adapted(dense)
    b = layers.Normalization(axis=None, mean=40.0, variance=144.0, name="age_norm")(age)
    x = layers.Concatenate(name="joined")([a, b])
    m = keras.Model([dense, age], layers.Dense(1, name="out")(layers.Dense(4, activation="relu", name="hidden")(x)),
                    name="normalization")
    data = {"dense": rng.normal(loc=[1.0, -2.0, 5.0], scale=[0.5, 2.0, 3.0], size=(8, 3)).astype("float32"),
            "age": rng.uniform(18, 80, size=(8, 1)).astype("float32")}
    save("normalization", m, data, rng.normal(size=(8, 1)).astype("float32"))


lookup_modes()
normalization()
