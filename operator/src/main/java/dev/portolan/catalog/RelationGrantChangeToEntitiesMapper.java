package dev.portolan.catalog;

import dev.portolan.model.Entity;
import dev.portolan.model.RelationGrant;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.HashSet;
import java.util.Set;

/**
 * Maps a change of a namespace's RelationGrants to the entities whose status depends on them: every entity with a
 * relation into that namespace (its relation check reads the grants), and every entity mirroring through one.
 */
public final class RelationGrantChangeToEntitiesMapper {
  private final CatalogIndex index;
  private final EntityChangeToReferrersMapper referrers;

  public RelationGrantChangeToEntitiesMapper(CatalogIndex index) {
    this.index = index;
    this.referrers = new EntityChangeToReferrersMapper(index);
  }

  public Set<ResourceID> map(RelationGrant oldGrant, RelationGrant newGrant) {
    RelationGrant changed = newGrant != null ? newGrant : oldGrant;
    Set<ResourceID> affected = new HashSet<>();
    for (Entity relating : index.relatingInto(changed.getMetadata().getNamespace())) {
      EntityRef ref = new EntityRef(relating.getMetadata().getNamespace(), relating.getMetadata().getName());
      affected.add(new ResourceID(ref.name(), ref.namespace()));
      affected.addAll(referrers.affectedBy(ref));
    }
    return affected;
  }
}
