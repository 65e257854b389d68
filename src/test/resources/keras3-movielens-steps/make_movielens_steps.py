"""Three training steps of keras-io's DLRM example model (examples/keras_rs/dlrm.py, the version with six
categorical features), on the JAX backend the example sets, from saved initial weights.

Usage: KERAS_BACKEND=jax python make_movielens_steps.py OUT_DIR
Writes, as float32 .npy files: x.npy [steps * batch, 6] lookup indices (movie_id, user_id, user_gender,
bucketized_user_age, user_zip_code, user_occupation_text), y.npy [steps * batch] ratings, and for every
variable (emb0..emb5 [rows, 8]; dense0..dense3 _W [in, out] and _b [out]) its value before training
(init_*) and after the last step (final_*); losses.npy [steps] the loss of each step, as train_on_batch
reports it (before that step's update).
"""
import os, sys
import numpy as np
import keras
import keras_rs

assert keras.backend.backend() == "jax", "the example runs on JAX: set KERAS_BACKEND=jax"
out = sys.argv[1]
keras.utils.set_random_seed(7)
TABLE_ROWS = [41, 29, 3, 8, 17, 22]          # small tables, each row hit many times per batch
STEPS, BATCH = 3, 512


class DLRM(keras.Model):   # as in the example
    def __init__(self, dense_num_units_lst, embedding_dim, **kw):
        super().__init__(**kw)
        self.embedding_layers = [keras.layers.Embedding(input_dim=rows, output_dim=embedding_dim)
                                 for rows in TABLE_ROWS]
        self.dot_layer = keras_rs.layers.DotInteraction()
        self.dense_layers = [keras.layers.Dense(u, activation="relu") for u in dense_num_units_lst]
        self.output_layer = keras.layers.Dense(1)

    def call(self, inputs):
        x = self.dot_layer([e(inputs[:, i]) for i, e in enumerate(self.embedding_layers)])
        for layer in self.dense_layers:
            x = layer(x)
        return self.output_layer(x)


rng = np.random.default_rng(7)
x = np.stack([rng.integers(0, rows, STEPS * BATCH) for rows in TABLE_ROWS], axis=1).astype("int32")
y = rng.integers(1, 6, STEPS * BATCH).astype("float32")
model = DLRM([192, 192, 192], 8)
model.compile(optimizer=keras.optimizers.AdamW(learning_rate=1e-2), loss=keras.losses.MeanSquaredError())
model(x[:2])


def save(tag):
    for i, e in enumerate(model.embedding_layers):
        np.save(os.path.join(out, f"{tag}_emb{i}.npy"), np.asarray(e.embeddings, dtype="float32"))
    for i, layer in enumerate(model.dense_layers + [model.output_layer]):
        np.save(os.path.join(out, f"{tag}_dense{i}_W.npy"), np.asarray(layer.kernel, dtype="float32"))
        np.save(os.path.join(out, f"{tag}_dense{i}_b.npy"), np.asarray(layer.bias, dtype="float32"))


save("init")
losses = [model.train_on_batch(x[s * BATCH:(s + 1) * BATCH], y[s * BATCH:(s + 1) * BATCH], return_dict=True)["loss"]
          for s in range(STEPS)]
save("final")
np.save(os.path.join(out, "x.npy"), x.astype("float32"))
np.save(os.path.join(out, "y.npy"), y)
np.save(os.path.join(out, "losses.npy"), np.array(losses, dtype="float32"))
print("losses", losses)
